// The committed contract — api/openapi.json and the web's types generated from it — is what the routes declare now.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { contractFiles, staleness } from '../../scripts/contract';

const root = path.join(__dirname, '..', '..');

describe('the API contract', () => {
  it('is committed as the routes declare it, with the web types generated from it (npm run contract -- --check)', () => {
    // Its own process: openapi-typescript loads ES-only packages that Jest's require cannot.
    const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/contract.ts', '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.stdout + run.stderr).toContain('The contract is up to date.');
    expect(run.status).toBe(0);
  }, 180_000);

  it('names the first line where a committed file departs from the regenerated one', () => {
    const text = fs.readFileSync(contractFiles.openapi, 'utf8');
    expect(staleness(contractFiles.openapi, text)).toBeNull();
    const lines = text.split('\n');
    lines[3] = '  "changed": true,';
    expect(staleness(contractFiles.openapi, lines.join('\n'))).toBe(
      `api/openapi.json is stale (run npm run contract): line 4 is ${JSON.stringify(text.split('\n')[3])}, now "  \\"changed\\": true,"`,
    );
    expect(staleness(contractFiles.openapi, `${text}extra`)).toMatch(/^api\/openapi\.json is stale .* now "extra"$/);
  });

  it('leaves no reference dangling: every $ref names a schema of components.schemas', () => {
    const doc = JSON.parse(fs.readFileSync(contractFiles.openapi, 'utf8')) as { components: { schemas: Record<string, unknown> } };
    const refs = [...new Set([...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]))];
    expect(refs.length).toBeGreaterThan(10);
    expect(refs.filter((ref) => !(ref.startsWith('#/components/schemas/') && ref.slice(21) in doc.components.schemas))).toEqual([]);
  });
});
