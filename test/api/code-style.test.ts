import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

// One style for the whole repository (docs/architecture.md §Code style): Prettier's layout and ESLint's
// recommended rules (ESLint, typescript-eslint, angular-eslint), over the same files an editor would check.
const root = path.resolve(__dirname, '../..');
const run = promisify(execFile);
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

interface EslintFile {
  filePath: string;
  messages: { line: number; ruleId: string | null; message: string }[];
}
/** ESLint's findings as "file:line rule", read from its JSON report (it exits 1 when there are findings). */
async function eslintFindings(cwd: string, args: string[]): Promise<string[]> {
  const out = await run(bin('eslint'), ['--format', 'json', ...args], { cwd, maxBuffer: 64 * 1024 * 1024 }).catch(
    (e: { code?: number; stdout?: string }) => {
      if (e.code === 1 && e.stdout) return { stdout: e.stdout };
      throw e;
    },
  );
  const files = JSON.parse(out.stdout) as EslintFile[];
  return files.flatMap((f) => f.messages.map((m) => `${path.relative(cwd, f.filePath)}:${m.line} ${m.ruleId ?? ''} ${m.message}`));
}

describe('code style', () => {
  it('every file is laid out as Prettier lays it out', async () => {
    const unformatted = await run(bin('prettier'), ['--list-different', '.'], { cwd: root, maxBuffer: 16 * 1024 * 1024 }).then(
      () => [],
      (e: { code?: number; stdout?: string; stderr?: string }) => {
        if (e.code === 1 && e.stdout !== undefined) return e.stdout.split('\n').filter(Boolean);
        throw new Error(`prettier failed: ${e.stderr}`);
      },
    );
    expect(unformatted).toEqual([]);
  }, 180_000);

  it('ESLint finds nothing, in the API, the workers, the scripts, the tests and the web (templates included)', async () => {
    expect(await eslintFindings(root, ['.'])).toEqual([]);
  }, 300_000);

  it('the same check reports a finding in TypeScript and in an Angular template', async () => {
    // Inside the repository, so the repository's configuration applies; removed afterwards.
    const dir = await fs.mkdtemp(path.join(root, 'web', 'src', 'lint-probe-'));
    try {
      await fs.writeFile(path.join(dir, 'probe.ts'), 'export const shown = (x: any) => x;\n');
      await fs.writeFile(path.join(dir, 'probe.html'), '<div (click)="go()">x</div>\n');
      const found = await eslintFindings(root, [path.relative(root, dir)]);
      expect(found.map((f) => f.split(' ')[1]).sort()).toEqual([
        '@angular-eslint/template/click-events-have-key-events',
        '@angular-eslint/template/interactive-supports-focus',
        '@typescript-eslint/no-explicit-any',
      ]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
