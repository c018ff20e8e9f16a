import fs from 'node:fs';
import path from 'node:path';
import { envSchema } from '../../api/src/config';
import { demoUsers } from '../../api/src/seed/demo-data';
import { demoAdmin, demoServiceGrants } from '../../api/src/seed/seed';

/** Every role the seed grants, with the logins holding it (the administrator's grant is QUAN_TRI). */
function seededRoles(): Map<string, Set<string>> {
  const roles = new Map<string, Set<string>>();
  const grant = (role: string, username: string) => roles.set(role, (roles.get(role) ?? new Set()).add(username));
  for (const u of demoUsers) for (const r of u.roles) grant(r, u.username);
  for (const g of demoServiceGrants) grant(g.role, g.username);
  grant('QUAN_TRI', demoAdmin.username);
  return roles;
}

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

  it('lists one demo login per role, equal to the seed: every seeded role, each login holding its role', () => {
    const rows = readme
      .split('\n')
      .map((l) => /^\| `([A-Z_]+)` \| [^|]+ \| `([a-z0-9.]+)` \|/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null);
    const table = new Map(rows.map((m) => [m[1], m[2]]));
    expect(table.size).toBe(rows.length); // one row per role
    const seeded = seededRoles();
    expect([...table.keys()].sort()).toEqual([...seeded.keys()].sort());
    for (const [role, login] of table) expect({ role, login, seeded: seeded.get(role)!.has(login) }).toEqual({ role, login, seeded: true });
    expect(table.get('LUU_TRU')).toBe('snv.luutru');
  });

  it('says what npm start does about the dev PKI, not to run certs:dev before signing', () => {
    expect(readme).not.toMatch(/Run it once before signing/);
    expect(readme).toMatch(/`npm start` makes it on the\s+first start of a demo install/);
  });
});
