import fs from 'node:fs';
import path from 'node:path';
import { problems } from '../../api/src/http/problems';

const ROOTS = ['api/src', 'workers/src'];
const sources = ROOTS.flatMap((root) =>
  (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => ({ file: path.join(root, f), text: fs.readFileSync(path.join(root, f), 'utf8') })),
);

/**
 * Problems still built inline, each with its reason: the title and detail are chosen by the caller (a helper that
 * takes the texts, or a text picked by a condition). Converting one means declaring its variants in the catalogue and
 * lowering its count here; a new inline Problem fails this test.
 */
const INLINE: Record<string, number> = {
  'api/src/http/problem.ts': 4, // the generic builders: not_found, forbidden, validation from zod, control characters
  'api/src/http/problems.ts': 1, // problem() itself
  'api/src/approval-chains/service.ts': 1,
  'api/src/case-files/access.ts': 1,
  'api/src/case-files/package.ts': 1,
  'api/src/case-files/service.ts': 1,
  'api/src/dashboard/service.ts': 1,
  'api/src/files/check.ts': 1,
  'api/src/incoming/service.ts': 1,
  'api/src/outgoing/issuance.ts': 1,
  'api/src/outgoing/service.ts': 1,
  'api/src/outgoing/workflow.ts': 1,
  'api/src/signing/external.ts': 1,
  'api/src/signing/signer.ts': 1,
};

const FORMATS = ['PDF', 'PNG', 'JPEG', 'TIFF', 'ZIP', 'OCR', 'JSON', 'RSA'];

describe('problem catalogue (api/src/http/problems.ts)', () => {
  const thrown = new Set(sources.flatMap(({ text }) => [...text.matchAll(/\bproblem\(\s*'([^']+)'/g)].map((m) => m[1])));
  const declared = Object.keys(problems);

  it('throws every declared problem somewhere', () => {
    expect(declared.filter((k) => !thrown.has(k))).toEqual([]);
  });

  it('declares every problem thrown by code', () => {
    expect([...thrown].filter((k) => !(k in problems))).toEqual([]);
  });

  it('builds no Problem inline beyond the listed sites', () => {
    const inline = Object.fromEntries(sources.map(({ file, text }) => [file, text.match(/new Problem\(/g)?.length ?? 0]).filter(([, n]) => n));
    expect(inline).toEqual(INLINE);
  });

  it('gives each entry a status, a Vietnamese title and an English detail', () => {
    for (const [key, entry] of Object.entries(problems)) {
      expect([key, entry.status >= 400 && entry.status < 600]).toEqual([key, true]);
      const params = new Proxy({}, { get: (_, p) => (p === Symbol.toPrimitive ? undefined : 'X') }) as never;
      const title = entry.title(params);
      // Vietnamese: at least one letter outside ASCII, and no raw enum value (a word in capitals but a file format's name).
      const capitals = (title.match(/\b[A-Z][A-Z_]{2,}\b/g) ?? []).filter((w) => !FORMATS.includes(w));
      expect([key, /[^\x00-\x7f]/.test(title), capitals]).toEqual([key, true, []]);
      expect([key, entry.detail(params).length > 0]).toEqual([key, true]);
    }
  });

  it('names the incoming workflow states and actions in Vietnamese', () => {
    const title = problems['incoming.invalid_state#transition'].title({ status: 'SUBMITTED', wanted: 'submitted' });
    expect(title).toBe('Văn bản đang ở trạng thái chờ chỉ đạo, không thể trình lãnh đạo');
  });
});
