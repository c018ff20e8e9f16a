// The whole province for load benchmarks, on top of the demo seed (api/src/seed): Quảng Ninh's provincial
// departments, the 13 former district-level committees (dissolved 1/7/2025, kept for their records), the current
// communes and wards, and the former communes under the districts, up to `organisations`; units in each, `users`
// people in all (clerks, leaders, chief of office, unit heads, specialists; those of dissolved bodies disabled),
// the registers and the default approval chain. Names are real places; codes and people are demo.
// `seedProvince(db, { organisations, users, password })`; inserts only what the demo seed did not.
import { sql } from 'drizzle-orm';
import { approvalChainTemplates } from '../../api/src/approval-chains/schema';
import { hashPassword } from '../../api/src/auth/password';
import { todayInVietnam } from '../../api/src/calendar/working-days';
import { queryRows, type Db } from '../../api/src/db/client';
import { organisations, units, type OrganisationKind } from '../../api/src/organisations/schema';
import { registers } from '../../api/src/registers/schema';
import { demoApprovalChains } from '../../api/src/seed/seed';
import type { Role } from '../../api/src/users/roles';
import { roleGrants, users } from '../../api/src/users/schema';

export interface ProvinceOptions {
  /** Organisations in all, the demo seed's included. */
  organisations: number;
  /** Users in all, the demo seed's included. */
  users: number;
  password: string;
  log?: (line: string) => void;
}

// Provincial departments and bodies under UBND tỉnh (after the 2025 mergers); STC, SNV and SKHCN come from the demo seed.
const DEPARTMENTS: [abbrev: string, name: string][] = [
  ['SXD', 'Sở Xây dựng'],
  ['SCT', 'Sở Công Thương'],
  ['SNNMT', 'Sở Nông nghiệp và Môi trường'],
  ['SGDĐT', 'Sở Giáo dục và Đào tạo'],
  ['SYT', 'Sở Y tế'],
  ['SVHTTDL', 'Sở Văn hóa, Thể thao và Du lịch'],
  ['STP', 'Sở Tư pháp'],
  ['SNgV', 'Sở Ngoại vụ'],
  ['SDTTG', 'Sở Dân tộc và Tôn giáo'],
  ['TTr', 'Thanh tra tỉnh'],
  ['BQLKKT', 'Ban Quản lý Khu kinh tế'],
  ['BQLDA', 'Ban Quản lý dự án đầu tư xây dựng công trình dân dụng và công nghiệp'],
  ['BQLVHL', 'Ban Quản lý vịnh Hạ Long'],
  ['TTPVHCC', 'Trung tâm Phục vụ hành chính công'],
  ['ĐPTTH', 'Trung tâm Truyền thông tỉnh'],
  ['BXTĐT', 'Ban Xúc tiến và Hỗ trợ đầu tư'],
  ['TCTK', 'Thống kê tỉnh'],
];
// The 13 district-level units before 1/7/2025; Hạ Long, Móng Cái and Ba Chẽ come from the demo seed.
const DISTRICTS: [kind: 'thành phố' | 'thị xã' | 'huyện', place: string][] = [
  ['thành phố', 'Cẩm Phả'],
  ['thành phố', 'Uông Bí'],
  ['thành phố', 'Đông Triều'],
  ['thị xã', 'Quảng Yên'],
  ['huyện', 'Vân Đồn'],
  ['huyện', 'Cô Tô'],
  ['huyện', 'Tiên Yên'],
  ['huyện', 'Bình Liêu'],
  ['huyện', 'Đầm Hà'],
  ['huyện', 'Hải Hà'],
];
// Communes, wards and special zones since 1/7/2025 (Nghị quyết 1679/NQ-UBTVQH15); phường Hạ Long, Móng Cái 1 and xã Ba Chẽ come from the demo seed.
const COMMUNES: [kind: 'phường' | 'xã' | 'đặc khu', place: string][] = [
  ...['Bãi Cháy', 'Hồng Gai', 'Tuần Châu', 'Việt Hưng', 'Hà Tu', 'Cao Xanh', 'Hoành Bồ', 'Hà Lầm', 'Cẩm Phả', 'Quang Hanh']
    .concat(['Cửa Ông', 'Mông Dương', 'Uông Bí', 'Vàng Danh', 'Yên Tử', 'Đông Triều', 'Mạo Khê', 'Bình Khê', 'An Sinh'])
    .concat(['Hoàng Quế', 'Quảng Yên', 'Đông Mai', 'Hiệp Hòa', 'Liên Hòa', 'Phong Cốc', 'Hà An', 'Móng Cái 2', 'Móng Cái 3'])
    .map((p): ['phường', string] => ['phường', p]),
  ...['Hải Sơn', 'Hải Ninh', 'Vĩnh Thực', 'Tiên Yên', 'Điền Xá', 'Đông Ngũ', 'Hải Lạng', 'Bình Liêu', 'Hoành Mô', 'Lục Hồn']
    .concat(['Đầm Hà', 'Quảng Tân', 'Quảng Hà', 'Đường Hoa', 'Quảng Đức', 'Cái Chiên', 'Kỳ Thượng', 'Lương Minh', 'Thống Nhất'])
    .concat(['Quảng La', 'Vũ Oai'])
    .map((p): ['xã', string] => ['xã', p]),
  ['đặc khu', 'Vân Đồn'],
  ['đặc khu', 'Cô Tô'],
];
// Communes before the 2025 merger (a sample of their names, repeated across the former districts where needed).
const FORMER_COMMUNES = ['Đại Yên', 'Thống Nhất', 'Sơn Dương', 'Dân Chủ', 'Quảng La', 'Bằng Cả', 'Tân Dân', 'Lê Lợi', 'Vũ Oai']
  .concat(['Hòa Bình', 'Kỳ Thượng', 'Đồn Đạc', 'Nam Sơn', 'Đạp Thanh', 'Thanh Lâm', 'Thanh Sơn', 'Hải Hòa', 'Bình Dân'])
  .concat(['Đài Xuyên', 'Vạn Yên', 'Minh Châu', 'Quan Lạn', 'Ngọc Vừng', 'Thắng Lợi', 'Đồng Tiến', 'Thanh Lân', 'Hải Đông'])
  .concat(['Quảng Minh', 'Quảng Phong', 'Quảng Thành', 'Cái Chiên', 'Đại Bình', 'Dực Yên', 'Tân Bình', 'Húc Động', 'Vô Ngại']);

const UNITS: Record<'DEPARTMENT' | 'DISTRICT_PC' | 'COMMUNE_PC', [abbrev: string, name: string][]> = {
  DEPARTMENT: [
    ['VP', 'Văn phòng'],
    ['TTR', 'Thanh tra'],
    ['KHTC', 'Phòng Kế hoạch - Tài chính'],
    ['TCCB', 'Phòng Tổ chức cán bộ'],
    ['NV1', 'Phòng Nghiệp vụ 1'],
    ['NV2', 'Phòng Nghiệp vụ 2'],
  ],
  DISTRICT_PC: [
    ['VP', 'Văn phòng HĐND và UBND'],
    ['NV', 'Phòng Nội vụ'],
    ['TCKH', 'Phòng Tài chính - Kế hoạch'],
    ['TNMT', 'Phòng Tài nguyên và Môi trường'],
    ['VHTT', 'Phòng Văn hóa và Thông tin'],
  ],
  COMMUNE_PC: [
    ['VP', 'Văn phòng HĐND và UBND'],
    ['KT', 'Phòng Kinh tế'],
    ['VHXH', 'Phòng Văn hóa - Xã hội'],
  ],
};
// Staff per organisation, relative: departments are the largest, former communes had a handful of people.
const STAFF_WEIGHT = { DEPARTMENT: 12, DISTRICT_PC: 6, COMMUNE_PC: 4, FORMER_COMMUNE: 1 } as const;

interface NewOrganisation {
  id: string;
  parentId: string;
  name: string;
  kind: OrganisationKind;
  shortName: string;
  placeName: string;
  validFrom: string | null;
  validTo: string | null;
  weight: number;
}

const DISSOLVED = '2025-06-30';
const MERGED = '2025-07-01';
const pad = (n: number) => String(n).padStart(3, '0');

/** The organisations to add, in order of importance, so a smaller province keeps the departments and current communes. */
function plannedOrganisations(): NewOrganisation[] {
  const list: NewOrganisation[] = DEPARTMENTS.map(([abbrev, name], i) => ({
    id: `qn-so-${pad(i + 1)}`,
    parentId: 'qn-ubnd',
    name: `${name} tỉnh Quảng Ninh`,
    kind: 'DEPARTMENT',
    shortName: abbrev,
    placeName: 'Quảng Ninh',
    validFrom: null,
    validTo: null,
    weight: STAFF_WEIGHT.DEPARTMENT,
  }));
  const districts = DISTRICTS.map(([kind, place], i) => ({
    id: `qn-h-${pad(i + 1)}`,
    parentId: 'qn-ubnd',
    name: `Ủy ban nhân dân ${kind} ${place}`,
    kind: 'DISTRICT_PC' as const,
    shortName: 'UBND',
    placeName: place,
    validFrom: null,
    validTo: DISSOLVED,
    weight: STAFF_WEIGHT.DISTRICT_PC,
  }));
  list.push(...districts);
  list.push(
    ...COMMUNES.map(([kind, place], i) => ({
      id: `qn-x-${pad(i + 1)}`,
      parentId: 'qn-ubnd',
      name: `Ủy ban nhân dân ${kind} ${place}`,
      kind: 'COMMUNE_PC' as const,
      shortName: 'UBND',
      placeName: place,
      validFrom: MERGED,
      validTo: null,
      weight: STAFF_WEIGHT.COMMUNE_PC,
    })),
  );
  // Former communes, spread over all 13 former district committees (the demo seed's three included).
  const formerParents = [...districts.map((d) => d.id), 'qn-halong', 'qn-mongcai', 'qn-bache'];
  for (let i = 0; i < 400; i++) {
    const place = FORMER_COMMUNES[i % FORMER_COMMUNES.length];
    list.push({
      id: `qn-xc-${pad(i + 1)}`,
      parentId: formerParents[i % formerParents.length],
      name: `Ủy ban nhân dân xã ${place}`,
      kind: 'COMMUNE_PC',
      shortName: 'UBND',
      placeName: place,
      validFrom: null,
      validTo: DISSOLVED,
      weight: STAFF_WEIGHT.FORMER_COMMUNE,
    });
  }
  return list;
}

/** Ranks inside an organisation, in the order its staff are numbered: the first people fill these, the rest are specialists. */
const LEADERS: { key: string; role: Role; position: (kind: OrganisationKind) => string }[] = [
  { key: 'vt1', role: 'VAN_THU', position: () => 'Văn thư' },
  { key: 'ld1', role: 'LANH_DAO_CO_QUAN', position: (k) => (k === 'DEPARTMENT' ? 'Giám đốc' : 'Chủ tịch') },
  { key: 'ld2', role: 'LANH_DAO_CO_QUAN', position: (k) => (k === 'DEPARTMENT' ? 'Phó Giám đốc' : 'Phó Chủ tịch') },
  { key: 'cvp', role: 'CHANH_VAN_PHONG', position: (k) => (k === 'DEPARTMENT' ? 'Chánh Văn phòng Sở' : 'Chánh Văn phòng') },
  { key: 'ld3', role: 'LANH_DAO_CO_QUAN', position: (k) => (k === 'DEPARTMENT' ? 'Phó Giám đốc' : 'Phó Chủ tịch') },
  { key: 'vt2', role: 'VAN_THU', position: () => 'Văn thư' },
];
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh', 'Mai'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Quốc', 'Thu', 'Đức', 'Hồng', 'Thanh', 'Ngọc', 'Hải'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Hà', 'Hải', 'Hùng', 'Lan', 'Long', 'Mai', 'Nam', 'Ngọc', 'Phương', 'Quang', 'Sơn'].concat([
  'Thảo',
  'Tuấn',
  'Vinh',
  'Yến',
  'Khánh',
  'Trang',
  'Linh',
]);
const fullName = (n: number) => `${FAMILY[n % FAMILY.length]} ${MIDDLE[(n >> 4) % MIDDLE.length]} ${GIVEN[(n >> 2) % GIVEN.length]}`;

export async function seedProvince(db: Db, opts: ProvinceOptions): Promise<{ organisations: number; users: number; seconds: number }> {
  const log = opts.log ?? (() => {});
  const started = Date.now();
  const [{ orgs: existingOrgs, people: existingUsers }] = await queryRows<{ orgs: number; people: number }>(
    db,
    sql`select (select count(*) from organisations)::int as orgs, (select count(*) from users)::int as people`,
  );
  const added = plannedOrganisations().slice(0, Math.max(0, opts.organisations - existingOrgs));
  const today = todayInVietnam();
  const hash = await hashPassword(opts.password); // one hash for all: logging in is what costs, not seeding
  const totalWeight = added.reduce((s, o) => s + o.weight, 0);
  const toAdd = Math.max(0, opts.users - existingUsers);
  if (added.length === 0) return { organisations: existingOrgs, users: existingUsers, seconds: 0 };

  await db.transaction(async (tx) => {
    log(`organisations: ${added.length} added to the ${existingOrgs} of the demo seed`);
    await tx.insert(organisations).values(
      added.map(({ weight: _w, ...o }, i) => ({
        ...o,
        organCode: `000.${o.kind === 'COMMUNE_PC' ? '21' : '00'}.${pad(100 + i)}.H49`,
        dissolutionEffectiveAt: o.validTo && o.validTo < today ? new Date(`${o.validTo}T23:59:59+07:00`) : null,
      })),
    );
    const unitsOf = new Map(
      added.map((o) => [
        o.id,
        UNITS[o.kind as keyof typeof UNITS].map(([abbrev, name]) => ({
          id: `${o.id}-${abbrev.toLowerCase()}`,
          organisationId: o.id,
          name,
          abbrev,
        })),
      ]),
    );
    await tx.insert(units).values([...unitsOf.values()].flat());

    log(`users: ${toAdd} added to the ${existingUsers} of the demo seed`);
    const people: (typeof users.$inferInsert & { role: Role })[] = [];
    let allotted = 0;
    added.forEach((o, i) => {
      // Largest-remainder share of the users, at least the leadership and one specialist per unit.
      const share = Math.round(((allotted + o.weight) * toAdd) / totalWeight) - Math.round((allotted * toAdd) / totalWeight);
      allotted += o.weight;
      const orgUnits = unitsOf.get(o.id)!;
      const disabledAt = o.validTo && o.validTo < today ? new Date(`${o.validTo}T23:59:59+07:00`) : null;
      for (let k = 0; k < share; k++) {
        const n = i * 1000 + k;
        const rank = LEADERS[k];
        // The first person of each unit heads it; leaders and clerks sit in the first unit (the office).
        const unit = rank ? orgUnits[0] : orgUnits[(k - LEADERS.length) % orgUnits.length];
        const head = !rank && k - LEADERS.length < orgUnits.length;
        people.push({
          username: rank ? `${o.id}.${rank.key}` : head ? `${o.id}.tp.${unit.abbrev.toLowerCase()}` : `${o.id}.cv${k - LEADERS.length + 1}`,
          fullName: fullName(n),
          position: rank ? rank.position(o.kind) : head ? 'Trưởng phòng' : 'Chuyên viên',
          organisationId: o.id,
          unitId: unit.id,
          passwordHash: hash,
          disabledAt,
          role: rank ? rank.role : head ? 'TRUONG_PHONG' : 'CHUYEN_VIEN',
        });
      }
    });
    for (let i = 0; i < people.length; i += 1000) {
      const chunk = people.slice(i, i + 1000);
      const created = await tx
        .insert(users)
        .values(chunk.map(({ role: _r, ...u }) => u))
        .returning({ id: users.id });
      await tx
        .insert(roleGrants)
        .values(chunk.map((u, j) => ({ userId: created[j].id, role: u.role, organisationId: u.organisationId, unitId: u.unitId })));
    }

    log('registers and approval chains');
    await tx.insert(registers).values(
      added.flatMap((o) => [
        { id: `${o.id}-den`, organisationId: o.id, direction: 'DEN' as const, name: 'Sổ văn bản đến', scope: 'ALL' as const },
        { id: `${o.id}-di`, organisationId: o.id, direction: 'DI' as const, name: 'Sổ văn bản đi', scope: 'ALL' as const },
      ]),
    );
    const [admin] = await queryRows<{ id: string }>(tx, sql`select id from users where username = 'qn.admin'`);
    await tx.insert(approvalChainTemplates).values(
      demoApprovalChains(
        added.map((o) => o.id),
        admin.id,
      ),
    );
  });
  await db.execute(sql`analyze organisations, units, users, role_grants, registers`);
  const [{ orgs, people }] = await queryRows<{ orgs: number; people: number }>(
    db,
    sql`select (select count(*) from organisations)::int as orgs, (select count(*) from users)::int as people`,
  );
  return { organisations: orgs, users: people, seconds: (Date.now() - started) / 1000 };
}
