import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { hashPassword } from '../auth/password';
import { calendarDays } from '../calendar/schema';
import { fixedHolidays } from '../calendar/service';
import { todayInVietnam } from '../calendar/working-days';
import { organisations, units } from '../organisations/schema';
import { registers } from '../registers/schema';
import { approvalChainTemplates, type TemplateStep } from '../approval-chains/schema';
import { caseFileHeadings, caseFiles } from '../case-files/schema';
import { roleGrants, users } from '../users/schema';
import { demoCaseFileCatalogue, demoOrganisations, demoUsers } from './demo-data';
import type { DemoUser } from './types';

/**
 * The provincial committee has no staff of its own (docs/domain.md §9.1: they sit in its Văn phòng): its office's clerk
 * and chief of office also act for it, so documents addressed to UBND tỉnh can be registered and presented.
 */
export const demoServiceGrants = [
  { username: 'qn.vanthu', role: 'VAN_THU' as const, organisationId: 'qn-ubnd' },
  { username: 'qn.cvp', role: 'CHANH_VAN_PHONG' as const, organisationId: 'qn-ubnd' },
];

/** One admin (QUAN_TRI) for the whole province (docs/domain.md §9.2: the demo list of people names none). */
export const demoAdmin: DemoUser & { adminOf: string } = {
  username: 'qn.admin',
  fullName: 'Nguyễn Văn Quản',
  organisationId: 'qn-vpubnd',
  unitId: 'qn-vp-hctc',
  position: 'Quản trị hệ thống',
  roles: [],
  adminOf: 'qn-ubnd',
};

/**
 * A default approval chain per organisation: the head of the drafting unit checks the content (optional,
 * for authors without a unit head), then an agency leader signs; at the committee the head of its office
 * checks first (docs/domain.md §4.3: unit head checks content, Văn phòng checks format, the signer approves).
 */
export function demoApprovalChains(organisationIds: string[], adminId: string) {
  const unitHead: TemplateStep = {
    label: 'Lãnh đạo phòng kiểm tra nội dung',
    assignees: { kind: 'ROLE', role: 'TRUONG_PHONG', authorUnit: true },
    mode: 'ANY_ONE',
    optional: true,
  };
  const office: TemplateStep = {
    label: 'Chánh Văn phòng kiểm tra thể thức',
    assignees: { kind: 'ROLE', role: 'CHANH_VAN_PHONG' },
    mode: 'ANY_ONE',
    optional: true,
  };
  const signer: TemplateStep = {
    label: 'Lãnh đạo ký ban hành',
    assignees: { kind: 'ROLE', role: 'LANH_DAO_CO_QUAN' },
    mode: 'ANY_ONE',
    optional: false,
  };
  return organisationIds.map((organisationId) => ({
    organisationId,
    documentType: null,
    name: 'Quy trình duyệt văn bản đi',
    allowAddReviewers: true,
    steps: organisationId === 'qn-ubnd' ? [unitHead, office, signer] : [unitHead, signer],
    createdBy: adminId,
  }));
}

/** The demo danh mục hồ sơ (docs/domain.md §9.3): headings first, then the case files, opened by their responsible people. */
async function seedCatalogue(tx: Parameters<Parameters<Db['transaction']>[0]>[0], idOf: Map<string, string>) {
  const c = demoCaseFileCatalogue;
  const org = demoOrganisations.find((o) => o.id === c.organisationId)!;
  const headings = await tx
    .insert(caseFileHeadings)
    .values(c.headings.map((h, i) => ({ organisationId: org.id, year: c.year, code: h.code, title: h.title, ordinal: i + 1 })))
    .returning();
  const users = new Map(demoUsers.map((u) => [u.username, u]));
  await tx.insert(caseFiles).values(
    c.files.map((f) => ({
      organisationId: org.id,
      unitId: f.unitId,
      headingId: headings.find((h) => f.notation.endsWith(`.${h.code}`))?.id ?? null,
      organId: org.organCode ?? org.id,
      year: c.year,
      notation: f.notation,
      title: f.title,
      retentionYears: f.retentionYears,
      rights: 'Công khai',
      language: 'Tiếng Việt',
      creatorId: idOf.get(f.creator)!,
      creatorName: users.get(f.creator)!.fullName,
      startDate: `${c.year}-01-02`,
      createdBy: idOf.get(f.creator)!,
    })),
  );
}

export interface SeedResult {
  seeded: boolean;
  logins: { username: string; fullName: string; organisation: string; roles: string[] }[];
}

/**
 * Loads the Quảng Ninh demo tree and users, all with `password`. Never touches a database that already
 * has organisations or users; an advisory lock keeps two starting processes from both seeding.
 */
export async function seedDemo(db: Db, password: string): Promise<SeedResult> {
  const all = [...demoUsers, demoAdmin];
  const hashes = await Promise.all(all.map(() => hashPassword(password)));
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7402001)`);
    if ((await tx.$count(organisations)) + (await tx.$count(users)) > 0) return { seeded: false, logins: [] };

    const seededOn = todayInVietnam();
    // The 2025 dissolutions have taken effect: their accounts are disabled below, once.
    await tx.insert(organisations).values(
      demoOrganisations.map(({ units: _units, ...o }) => ({
        ...o,
        dissolutionEffectiveAt: o.validTo && o.validTo < seededOn ? new Date(`${o.validTo}T23:59:59+07:00`) : null,
      })),
    );
    await tx.insert(units).values(demoOrganisations.flatMap((o) => o.units.map((u) => ({ ...u, organisationId: o.id }))));
    // Users of the organisations dissolved by the 2025 reorganisation (validTo passed) are disabled: they stay
    // in the records, but nobody logs in for an agency that no longer exists.
    const validTo = new Map(demoOrganisations.map((o) => [o.id, o.validTo]));
    const today = todayInVietnam();
    const disabledAt = (organisationId: string) => {
      const end = validTo.get(organisationId);
      return end && end < today ? new Date(`${end}T23:59:59+07:00`) : null;
    };
    const created = await tx
      .insert(users)
      .values(
        all.map((u, i) => ({
          username: u.username,
          fullName: u.fullName,
          position: u.position,
          organisationId: u.organisationId,
          unitId: u.unitId,
          passwordHash: hashes[i],
          disabledAt: disabledAt(u.organisationId),
        })),
      )
      .returning({ id: users.id, username: users.username });
    const idOf = new Map(created.map((c) => [c.username, c.id]));
    await tx
      .insert(roleGrants)
      .values([
        ...demoUsers.flatMap((u) =>
          u.roles.map((role) => ({ userId: idOf.get(u.username)!, role, organisationId: u.organisationId, unitId: u.unitId })),
        ),
        { userId: idOf.get(demoAdmin.username)!, role: 'QUAN_TRI' as const, organisationId: demoAdmin.adminOf, unitId: null },
        ...demoServiceGrants.map((g) => ({ userId: idOf.get(g.username)!, role: g.role, organisationId: g.organisationId, unitId: null })),
      ]);
    // Every organisation receives documents; the province committee also receives secret ones (docs/domain.md §2.4).
    await tx.insert(registers).values([
      ...demoOrganisations.map((o) => ({
        id: `${o.id}-den`,
        organisationId: o.id,
        direction: 'DEN' as const,
        name: 'Sổ văn bản đến',
        scope: 'ALL' as const,
      })),
      { id: 'qn-ubnd-den-mat', organisationId: 'qn-ubnd', direction: 'DEN' as const, name: 'Sổ văn bản đến mật', scope: 'SECRET' as const },
      // Every organisation issues documents; secret ones number separately (docs/domain.md §2.4).
      ...demoOrganisations.map((o) => ({
        id: `${o.id}-di`,
        organisationId: o.id,
        direction: 'DI' as const,
        name: 'Sổ văn bản đi',
        scope: 'ALL' as const,
      })),
      { id: 'qn-ubnd-di-mat', organisationId: 'qn-ubnd', direction: 'DI' as const, name: 'Sổ văn bản đi mật', scope: 'SECRET' as const },
    ]);
    await tx.insert(approvalChainTemplates).values(
      demoApprovalChains(
        demoOrganisations.map((o) => o.id),
        idOf.get(demoAdmin.username)!,
      ),
    );
    await seedCatalogue(tx, idOf);
    const year = Number(todayInVietnam().slice(0, 4));
    await tx.insert(calendarDays).values([...fixedHolidays(year), ...fixedHolidays(year + 1)]);
    const orgName = new Map(demoOrganisations.map((o) => [o.id, o.name]));
    return {
      seeded: true,
      logins: all
        .filter((u) => !disabledAt(u.organisationId))
        .map((u) => ({
          username: u.username,
          fullName: u.fullName,
          organisation: orgName.get(u.organisationId)!,
          roles: u === demoAdmin ? ['QUAN_TRI'] : u.roles,
        })),
    };
  });
}

export function formatLogins(result: SeedResult, password: string): string {
  const width = Math.max(...result.logins.map((l) => l.username.length));
  const lines = result.logins.map(
    (l) => `  ${l.username.padEnd(width)}  ${l.roles.join(',').padEnd(28)} ${l.fullName} — ${l.organisation}`,
  );
  return [`Demo accounts (password: ${password}):`, ...lines].join('\n');
}
