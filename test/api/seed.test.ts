import { isNotNull } from 'drizzle-orm';
import { organisations, units } from '../../api/src/organisations/schema';
import { roleGrants, users } from '../../api/src/users/schema';
import { demoServiceGrants, seedDemo } from '../../api/src/seed/seed';
import { demoOrganisations, demoUsers } from '../../api/src/seed/demo-data';
import { createTestDatabase, DEMO_PASSWORD } from '../support/harness';

describe('demo seed', () => {
  it('loads the Quảng Ninh tree and users once, and never touches a database that has data', async () => {
    const { database, drop } = await createTestDatabase();
    try {
      const first = await seedDemo(database.db, DEMO_PASSWORD);
      expect(first.seeded).toBe(true);
      // Accounts of the organisations dissolved in 2025 (Sở TT&TT, the district committees) exist but are disabled.
      const dissolved = new Set(demoOrganisations.filter((o) => o.validTo !== null && o.validTo < '2026-01-01').map((o) => o.id));
      expect(dissolved).toEqual(new Set(['qn-stttt', 'qn-halong', 'qn-bache', 'qn-mongcai', 'hl-baichay', 'bc-thitran', 'mc-tranphu']));
      const active = demoUsers.filter((u) => !dissolved.has(u.organisationId)).map((u) => u.username);
      expect(first.logins.map((l) => l.username)).toEqual([...active, 'qn.admin']);
      const db = database.db;
      const disabled = (await db.select({ username: users.username }).from(users).where(isNotNull(users.disabledAt)))
        .map((u) => u.username)
        .sort();
      expect(disabled).toEqual(
        demoUsers
          .filter((u) => dissolved.has(u.organisationId))
          .map((u) => u.username)
          .sort(),
      );
      expect(disabled).toEqual(expect.arrayContaining(['hl.chutich', 'stttt.gd', 'mc.vanthu', 'bc.chutich']));
      expect(await db.$count(organisations)).toBe(demoOrganisations.length);
      expect(await db.$count(units)).toBe(demoOrganisations.reduce((n, o) => n + o.units.length, 0));
      expect(await db.$count(users)).toBe(demoUsers.length + 1);
      expect(await db.$count(roleGrants)).toBe(demoUsers.reduce((n, u) => n + u.roles.length, 0) + 1 + demoServiceGrants.length);

      const second = await seedDemo(database.db, 'another-password');
      expect(second).toEqual({ seeded: false, logins: [] });
      expect(await db.$count(users)).toBe(demoUsers.length + 1);
    } finally {
      await drop();
    }
  });

  it('follows docs/domain.md §9: the real organ code and every user in an existing organisation and unit', () => {
    expect(demoOrganisations.find((o) => o.id === 'qn-ubnd')!.organCode).toBe('000.00.00.H49');
    const orgIds = new Set(demoOrganisations.map((o) => o.id));
    const unitOrg = new Map(demoOrganisations.flatMap((o) => o.units.map((u) => [u.id, o.id] as const)));
    for (const u of demoUsers) {
      expect(orgIds.has(u.organisationId)).toBe(true);
      if (u.unitId) expect(unitOrg.get(u.unitId)).toBe(u.organisationId);
    }
    expect(demoOrganisations.map((o) => o.id)).toEqual(
      expect.arrayContaining(['qn-halong', 'qn-bache', 'qn-mongcai', 'qn-p-halong', 'qn-x-bache']),
    );
  });
});
