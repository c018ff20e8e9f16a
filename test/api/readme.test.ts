import fs from 'node:fs';
import path from 'node:path';
import { envSchema } from '../../api/src/config';

describe('README', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

  it('documents every environment variable the system reads, with its default', () => {
    for (const key of Object.keys(envSchema.shape)) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${key}\` |`));
      expect(row).toBeDefined();
      const def = (envSchema.shape as Record<string, import('zod').ZodType>)[key].safeParse(undefined);
      if (def.success && def.data !== undefined) expect(row).toContain(`\`${String(def.data)}\``);
    }
  });

  it('gives exactly the two set-up commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });
});
