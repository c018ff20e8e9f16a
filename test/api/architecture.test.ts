import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import madge from 'madge';

// Capabilities depend downward only. Where two capabilities need the same piece (the issued copy that both
// issuance and the exchange send, the drafts every receiving path writes, the signing keys the exchange seals
// packages with, the clerks of an organisation), that piece lives in a file of its own below both, rather than
// one capability importing the other's workflow and being imported back.
const root = path.resolve(__dirname, '../..');
const graphOf = (dir: string) => madge(dir, { fileExtensions: ['ts'], tsConfig: path.join(root, 'tsconfig.json') });

describe('architecture', () => {
  it.each(['api/src', 'workers/src'])(
    '%s has no import circles',
    async (dir) => {
      const graph = await graphOf(path.join(root, dir));
      // No vacuous pass: every relative import resolved to a file, and the graph is the whole code base.
      expect(graph.warnings().skipped.filter((s) => s.startsWith('.') || s.startsWith('/'))).toEqual([]);
      expect(Object.keys(graph.obj()).length).toBeGreaterThan(150);
      expect(graph.circular()).toEqual([]);
    },
    180_000,
  ); // madge parses every file: ~20 s on a quiet machine

  it('the same check reports a circle, type-only imports included', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanthu-circle-'));
    try {
      await fs.writeFile(path.join(dir, 'issuance.ts'), "import { queue } from './outbox';\nexport const issue = () => queue();\n");
      await fs.writeFile(
        path.join(dir, 'outbox.ts'),
        "import type { issue } from './issuance';\nexport const queue = (): ReturnType<typeof issue> | void => undefined;\n",
      );
      expect((await graphOf(dir)).circular()).toEqual([['issuance.ts', 'outbox.ts']]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
