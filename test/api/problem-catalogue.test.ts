import fs from 'node:fs';
import path from 'node:path';
import { problems } from '../../api/src/http/problems';

const ROOTS = ['api/src', 'workers/src'];
const sources = ROOTS.flatMap((root) =>
  (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: path.join(root, f), text: fs.readFileSync(path.join(root, f), 'utf8') })),
);

/** The only Problems built inline: the generic builders and problem() itself. A new inline Problem fails this test. */
const INLINE: Record<string, number> = {
  'api/src/http/problem.ts': 4, // not_found and forbidden (any entity), validation (from zod), control characters
  'api/src/http/problems.ts': 1, // problemOf()
};

/** Where the key goes in each call that throws by key: problem(key, …) and the helpers that add the state. */
const KEY_ARGUMENT: Record<string, number> = { problem: 0, invalidState: 1, wrongStatus: 1, requireOne: 3 };

/** The top-level arguments of the call whose parenthesis opens at `open`, as source text. */
function callArguments(text: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let quote = '';
  let start = open + 1;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) {
      if (--depth === 0) return [...args, text.slice(start, i)];
    } else if (c === ',' && depth === 1) {
      args.push(text.slice(start, i));
      start = i + 1;
    }
  }
  return args;
}

/** The keys a source throws: the string literals in the key argument (one, or both arms of a condition). */
function thrownKeys(text: string): string[] {
  return [...text.matchAll(/\b(problem|invalidState|wrongStatus|requireOne)\(/g)].flatMap((m) => {
    const arg = callArguments(text, m.index + m[0].length - 1)[KEY_ARGUMENT[m[1]]] ?? '';
    // A condition's operand ('SECRET' in `scope === 'SECRET' ? … : …`) is not a key.
    return [...arg.matchAll(/([=!]==\s*)?'([^']+)'/g)].filter((k) => !k[1]).map((k) => k[2]);
  });
}

// Capitals that are names of formats and algorithms, not enum values.
const FORMATS = ['PDF', 'PNG', 'JPEG', 'TIFF', 'ZIP', 'OCR', 'JSON', 'RSA', 'SHA', 'DOCTYPE'];

describe('problem catalogue (api/src/http/problems.ts)', () => {
  const thrown = new Set(sources.flatMap(({ text }) => thrownKeys(text)));
  const declared = Object.keys(problems);

  it('throws every declared problem somewhere', () => {
    expect(declared.filter((k) => !thrown.has(k))).toEqual([]);
  });

  it('declares every problem thrown by code', () => {
    expect([...thrown].filter((k) => !(k in problems))).toEqual([]);
  });

  it('builds no Problem inline beyond the listed sites', () => {
    const inline = Object.fromEntries(
      sources.map(({ file, text }) => [file, text.match(/new Problem\(/g)?.length ?? 0]).filter(([, n]) => n),
    );
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
