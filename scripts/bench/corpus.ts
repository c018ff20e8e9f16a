// A realistic document corpus for benchmarks: Vietnamese subjects and text assembled from phrase lists, the
// ND 30 types and a provincial issuer mix, spread over the organisations, users and units already in the
// database (the demo seed). Set-based (INSERT … SELECT from generate_series) so a million documents load in
// minutes; deterministic for a given seed. Reusable: `generateCorpus(db, { documents, seed })`.
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../api/src/db/client';

export interface CorpusOptions {
  /** Incoming plus outgoing documents to add. */
  documents: number;
  seed?: number;
  /** Share of outgoing documents (văn bản đi); the rest are incoming (văn bản đến). */
  outgoingShare?: number;
  /** Share of incoming documents with extracted text (text layer or OCR) in their main file. */
  textShare?: number;
  log?: (line: string) => void;
  /** A stored blob every main file points at, so the documents' files can be opened (by default: hashes of no blob). */
  mainFile?: { sha256: string; size: number; pageCount: number };
}

/** [value, weight]: a value drawn `weight` times in 100. */
type Weighted<T> = [T, number][];

// Tên loại mix of an agency's mail: mostly công văn, then decisions, notices, reports, plans (docs/domain.md §2.1).
const TYPES: Weighted<{ code: string; name: string; abbrev: string | null }> = [
  [{ code: 'CV', name: 'Công văn', abbrev: null }, 48],
  [{ code: 'QD', name: 'Quyết định', abbrev: 'QĐ' }, 13],
  [{ code: 'TB', name: 'Thông báo', abbrev: 'TB' }, 8],
  [{ code: 'BC', name: 'Báo cáo', abbrev: 'BC' }, 7],
  [{ code: 'KH', name: 'Kế hoạch', abbrev: 'KH' }, 6],
  [{ code: 'GM', name: 'Giấy mời', abbrev: 'GM' }, 5],
  [{ code: 'TTR', name: 'Tờ trình', abbrev: 'TTr' }, 4],
  [{ code: 'HD', name: 'Hướng dẫn', abbrev: 'HD' }, 2],
  [{ code: 'CT', name: 'Chỉ thị', abbrev: 'CT' }, 2],
  [{ code: 'NQ', name: 'Nghị quyết', abbrev: 'NQ' }, 1],
  [{ code: 'CD', name: 'Công điện', abbrev: 'CĐ' }, 1],
  [{ code: 'CTR', name: 'Chương trình', abbrev: 'CTr' }, 1],
  [{ code: 'QC', name: 'Quy chế', abbrev: 'QC' }, 1],
  [{ code: 'BB', name: 'Biên bản', abbrev: 'BB' }, 1],
];

// Senders of incoming mail in a province: the provincial committee first, ministries, departments, districts.
const ISSUERS: Weighted<[name: string, abbrev: string]> = [
  [['Ủy ban nhân dân tỉnh Quảng Ninh', 'UBND'], 24],
  [['Văn phòng Chính phủ', 'VPCP'], 5],
  [['Bộ Nội vụ', 'BNV'], 5],
  [['Bộ Tài chính', 'BTC'], 5],
  [['Bộ Thông tin và Truyền thông', 'BTTTT'], 3],
  [['Tỉnh ủy Quảng Ninh', 'TU'], 4],
  [['Hội đồng nhân dân tỉnh Quảng Ninh', 'HĐND'], 3],
  [['Sở Tài chính tỉnh Quảng Ninh', 'STC'], 8],
  [['Sở Nội vụ tỉnh Quảng Ninh', 'SNV'], 7],
  [['Sở Kế hoạch và Đầu tư tỉnh Quảng Ninh', 'SKHĐT'], 5],
  [['Sở Y tế tỉnh Quảng Ninh', 'SYT'], 4],
  [['Sở Giáo dục và Đào tạo tỉnh Quảng Ninh', 'SGDĐT'], 4],
  [['Sở Tài nguyên và Môi trường tỉnh Quảng Ninh', 'STNMT'], 3],
  [['Công an tỉnh Quảng Ninh', 'CAT'], 3],
  [['Ủy ban nhân dân thành phố Hạ Long', 'UBND'], 8],
  [['Ủy ban nhân dân thành phố Móng Cái', 'UBND'], 4],
  [['Ủy ban nhân dân huyện Ba Chẽ', 'UBND'], 3],
  [['Ủy ban nhân dân huyện Vân Đồn', 'UBND'], 2],
];

const FIELDS = ['VX', 'KT', 'TH', 'NC', 'XD', 'VP', 'QLNS', 'TCBC', 'KTTH'];
const VERBS = [
  'triển khai',
  'tăng cường',
  'phê duyệt',
  'hướng dẫn thực hiện',
  'báo cáo kết quả',
  'tổ chức',
  'kiểm tra',
  'đôn đốc thực hiện',
  'ban hành',
  'điều chỉnh',
  'rà soát',
  'tổng kết',
  'đẩy mạnh',
  'chấn chỉnh',
  'giao chỉ tiêu',
  'kiện toàn',
];
const OBJECTS = [
  'công tác phòng, chống thiên tai',
  'chuyển đổi số',
  'cải cách hành chính',
  'dự toán ngân sách nhà nước',
  'xây dựng nông thôn mới',
  'quản lý đất đai',
  'phòng cháy, chữa cháy',
  'tiêm chủng mở rộng',
  'bảo vệ môi trường vịnh Hạ Long',
  'phát triển du lịch',
  'công tác văn thư, lưu trữ',
  'thu hút đầu tư',
  'an toàn giao thông',
  'phòng, chống dịch bệnh',
  'giải ngân vốn đầu tư công',
  'đào tạo, bồi dưỡng cán bộ, công chức',
  'sắp xếp đơn vị hành chính cấp xã',
  'quản lý tài sản công',
  'chương trình mục tiêu quốc gia',
  'tuyển dụng viên chức',
  'thi đua, khen thưởng',
  'an ninh mạng',
  'quy hoạch sử dụng đất',
  'hỗ trợ doanh nghiệp nhỏ và vừa',
  'bảo hiểm xã hội, bảo hiểm y tế',
  'chính quyền điện tử',
  'kiểm soát thủ tục hành chính',
  'quyết toán kinh phí',
  'tiếp công dân',
  'nuôi trồng thủy sản',
  'khai thác than',
  'cấp nước sạch nông thôn',
];
const SCOPES = [
  'trên địa bàn tỉnh',
  'tại thành phố Hạ Long',
  'tại huyện Vân Đồn',
  'tại thành phố Móng Cái',
  'tại huyện Ba Chẽ',
  'tại huyện Cô Tô',
  'của các sở, ban, ngành',
  'đối với các đơn vị sự nghiệp công lập',
  'trong quý III',
  'trong 6 tháng đầu năm',
  'giai đoạn 2021–2025',
  '',
];
const SENTENCES = [
  'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015.',
  'Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư.',
  'Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV.',
  'Đề nghị các cơ quan, đơn vị nghiêm túc triển khai thực hiện và báo cáo kết quả trước ngày 15 hằng tháng.',
  'Giao Sở Tài chính chủ trì, phối hợp với các cơ quan liên quan hướng dẫn thực hiện.',
  'Ủy ban nhân dân các huyện, thị xã, thành phố chịu trách nhiệm tổ chức thực hiện trên địa bàn.',
  'Kinh phí thực hiện được bố trí từ nguồn ngân sách nhà nước theo phân cấp hiện hành.',
  'Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, kịp thời báo cáo về Văn phòng Ủy ban nhân dân tỉnh để tổng hợp.',
  'Quyết định này có hiệu lực kể từ ngày ký.',
  'Chánh Văn phòng, Giám đốc các sở, Thủ trưởng các đơn vị liên quan chịu trách nhiệm thi hành Quyết định này.',
  'Thời gian tổ chức dự kiến vào 08 giờ 00 phút tại Hội trường Trung tâm Hành chính công tỉnh.',
  'Thành phần tham dự gồm đại diện lãnh đạo các sở, ngành và Ủy ban nhân dân cấp huyện.',
  'Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,5%, tăng 2,1% so với cùng kỳ năm trước.',
  'Tổng dự toán được duyệt là 12.450 triệu đồng, trong đó vốn ngân sách tỉnh 8.200 triệu đồng.',
  'Yêu cầu các đơn vị cập nhật số liệu trên Hệ thống quản lý văn bản và điều hành trước khi gửi báo cáo.',
  'Văn bản điện tử được ký số theo quy định và gửi qua Trục liên thông văn bản quốc gia.',
  'Tăng cường kiểm tra, giám sát việc chấp hành kỷ luật, kỷ cương hành chính.',
  'Tổ chức tuyên truyền sâu rộng đến cán bộ, công chức, viên chức và Nhân dân.',
  'Các khu vực ven biển Hạ Long, Cẩm Phả, Vân Đồn cần chủ động phương án ứng phó với bão.',
  'Đẩy nhanh tiến độ giải phóng mặt bằng các dự án trọng điểm của tỉnh.',
  'Thực hiện chế độ báo cáo định kỳ theo đúng biểu mẫu kèm theo văn bản này.',
  'Ủy quyền cho Phó Chủ tịch Ủy ban nhân dân tỉnh ký các văn bản thuộc lĩnh vực được phân công.',
  'Đề nghị Sở Thông tin và Truyền thông bảo đảm an toàn thông tin cho các hệ thống dùng chung.',
  'Kết quả thẩm định hồ sơ được gửi kèm theo để các đơn vị nghiên cứu, cho ý kiến.',
];
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Quốc', 'Thu', 'Đức', 'Hồng', 'Thanh'];
const GIVEN = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Hà',
  'Hải',
  'Hùng',
  'Lan',
  'Long',
  'Mai',
  'Nam',
  'Ngọc',
  'Phương',
  'Quang',
  'Sơn',
  'Thảo',
  'Tuấn',
  'Vinh',
  'Yến',
];

const INCOMING_STATUSES: Weighted<string> = [
  ['DRAFT', 2],
  ['REGISTERED', 23],
  ['SUBMITTED', 10],
  ['ASSIGNED', 15],
  ['IN_PROGRESS', 15],
  ['COMPLETED', 35],
];
const OUTGOING_STATUSES: Weighted<string> = [
  ['DRAFT', 6],
  ['IN_REVIEW', 6],
  ['RETURNED', 2],
  ['APPROVED_AWAITING_SIGNATURE', 2],
  ['SIGNED', 2],
  ['ISSUED', 22],
  ['DISPATCHED', 60],
];
const SECRECIES: Weighted<string> = [
  ['KHONG', 97],
  ['MAT', 2],
  ['TOI_MAT', 1],
];
// Receiving share by kind of organisation: the provincial committee gets the most mail.
const ORG_WEIGHT: Record<string, number> = {
  PROVINCE_PC: 20,
  OFFICE: 6,
  DEPARTMENT: 10,
  DISTRICT_PC: 8,
  COMMUNE_PC: 3,
  PROVINCE_COUNCIL: 4,
  OTHER: 2,
};

/** A text[] literal (one bind parameter, whatever the length). */
const textArray = (values: string[]) => sql`(${`{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`}::text[])`;
const expand = <T>(w: Weighted<T>): T[] => w.flatMap(([v, n]) => Array<T>(n).fill(v));

export async function generateCorpus(db: Db, opts: CorpusOptions): Promise<{ incoming: number; outgoing: number; seconds: number }> {
  const log = opts.log ?? (() => {});
  const seed = opts.seed ?? 1;
  const outgoing = Math.round(opts.documents * (opts.outgoingShare ?? 0.3));
  const incoming = opts.documents - outgoing;
  const started = Date.now();
  // Deterministic draws: a hash of the row number, the column's salt and the seed (no random(), which
  // would depend on the plan).
  const h = (salt: number) => sql.raw(`(hashint8(g.i::bigint * 7919 + ${salt} + ${seed}::bigint * 1000003)::bigint & 2147483647)`);
  const pick = (values: string[], salt: number): SQL => sql`(${textArray(values)})[1 + ${h(salt)} % ${values.length}]`;

  const orgs = await queryRows<{ id: string; name: string; short_name: string; kind: string }>(
    db,
    sql`select id, name, short_name, kind::text as kind from organisations order by id`,
  );
  if (orgs.length === 0) throw new Error('generateCorpus needs organisations and users (run the demo seed first)');
  const orgSlots = orgs.flatMap((o) => Array<string>(ORG_WEIGHT[o.kind] ?? 2).fill(o.id));
  const types = expand(TYPES);
  const issuers = expand(ISSUERS);
  const prefix = `c${seed}-`;

  await db.transaction(async (tx: Tx) => {
    // Bulk load: no triggers (search_documents is rebuilt from search_source below) and no FK checks.
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(sql`set local maintenance_work_mem = '512MB'`);
    await tx.execute(sql`set local work_mem = '256MB'`);

    log(`incoming documents: ${incoming}`);
    await tx.execute(sql`
      insert into incoming_documents (id, organisation_id, status, channel, received_at, issuer_name, number, symbol, issue_date,
        document_type, subject, signer_name, signer_position, urgency, secrecy, register_id, arrival_year, arrival_number,
        registered_at, created_by, created_at)
      select d.id, d.org, d.status::incoming_status, d.channel::incoming_channel, d.received_at, d.issuer, d.number,
        case when d.abbrev is null then d.issuer_abbrev || '-' || d.field else d.abbrev || '-' || d.issuer_abbrev end,
        d.issue_date, d.type_name, d.subject, d.signer, d.position, d.urgency::urgency, d.secrecy::secrecy,
        case when d.status = 'DRAFT' then null else d.org || '-den' end,
        case when d.status = 'DRAFT' then null else extract(year from d.received_at)::int end,
        case when d.status = 'DRAFT' then null else row_number() over (partition by d.org, extract(year from d.received_at), d.status = 'DRAFT' order by d.received_at, d.id)::int end,
        case when d.status = 'DRAFT' then null else d.received_at end,
        -- The organisation's clerk registers (and keeps access to secret documents); any user where it has none.
        coalesce(c.user_id, (select u.id from users u order by u.id limit 1)),
        d.received_at
      from (
        select ${prefix} || 'i' || g.i as id,
          ${textArray(orgSlots)}[1 + ${h(1)} % ${orgSlots.length}] as org,
          ${pick(expand(INCOMING_STATUSES), 2)} as status,
          ${pick(['AXIS', 'AXIS', 'AXIS', 'EMAIL', 'PAPER', 'PAPER', 'HAND'], 3)} as channel,
          timestamptz '2021-01-04 01:00:00+00' + (${h(4)} % (5 * 365 * 24 * 60)) * interval '1 minute' as received_at,
          ${textArray(issuers.map((i) => i[0]))}[1 + ${h(5)} % ${issuers.length}] as issuer,
          ${textArray(issuers.map((i) => i[1]))}[1 + ${h(5)} % ${issuers.length}] as issuer_abbrev,
          lpad((1 + ${h(6)} % 1500)::text, 2, '0') as number,
          nullif(${textArray(types.map((t) => t.abbrev ?? ''))}[1 + ${h(7)} % ${types.length}], '') as abbrev,
          ${textArray(types.map((t) => t.name))}[1 + ${h(7)} % ${types.length}] as type_name,
          ${pick(FIELDS, 8)} as field,
          (timestamptz '2021-01-04 01:00:00+00' + (${h(4)} % (5 * 365 * 24 * 60)) * interval '1 minute' - (${h(9)} % 10) * interval '1 day')::date as issue_date,
          concat_ws(' ', case when ${textArray(types.map((t) => t.name))}[1 + ${h(7)} % ${types.length}] = 'Công văn' then 'V/v' else ${textArray(types.map((t) => t.name))}[1 + ${h(7)} % ${types.length}] end,
            ${pick(VERBS, 10)}, ${pick(OBJECTS, 11)}, nullif(${pick(SCOPES, 12)}, ''),
            'năm ' || extract(year from timestamptz '2021-01-04 01:00:00+00' + (${h(4)} % (5 * 365 * 24 * 60)) * interval '1 minute')) as subject,
          concat_ws(' ', ${pick(FAMILY, 13)}, ${pick(MIDDLE, 14)}, ${pick(GIVEN, 15)}) as signer,
          ${pick(['Chủ tịch', 'Phó Chủ tịch', 'Giám đốc', 'Phó Giám đốc', 'Chánh Văn phòng', 'Bộ trưởng', 'Thứ trưởng'], 16)} as position,
          ${pick(['THUONG', 'THUONG', 'THUONG', 'THUONG', 'THUONG', 'THUONG', 'KHAN', 'KHAN', 'THUONG_KHAN', 'HOA_TOC'], 17)} as urgency,
          ${pick(expand(SECRECIES), 18)} as secrecy
        from generate_series(1, ${incoming}) as g(i)
      ) d
      -- Joined once per organisation, not looked up per row (role_grants is large in a whole province).
      left join (select distinct on (organisation_id) organisation_id, user_id from role_grants where role = 'VAN_THU'
        order by organisation_id, user_id) c on c.organisation_id = d.org`);

    log('extracted text of main files');
    await tx.execute(sql`
      insert into incoming_files (id, document_id, role, ordinal, sha256, size, original_name, media_type, page_count, extraction_state, extracted_text, extracted_at)
      select ${prefix} || 'f' || g.i, ${prefix} || 'i' || g.i, 'MAIN', 0,
        ${opts.mainFile ? sql`${opts.mainFile.sha256}` : sql`md5(${prefix} || g.i) || md5(g.i::text)`},
        ${opts.mainFile ? sql`${opts.mainFile.size}` : sql`20000 + ${h(20)} % 400000`},
        'van-ban-' || g.i || '.pdf', 'application/pdf', ${opts.mainFile ? sql`${opts.mainFile.pageCount}` : sql`1 + ${h(21)} % 6`},
        case when ${h(22)} % 1000 < ${Math.round((opts.textShare ?? 0.6) * 1000)} then 'DONE' else 'NO_TEXT' end::extraction_state,
        case when ${h(22)} % 1000 < ${Math.round((opts.textShare ?? 0.6) * 1000)} then
          concat_ws(' ', ${pick(SENTENCES, 23)}, ${pick(SENTENCES, 24)}, ${pick(VERBS, 25)} || ' ' || ${pick(OBJECTS, 26)} || ' ' || ${pick(SCOPES, 27)} || '.',
            ${pick(SENTENCES, 28)}, ${pick(SENTENCES, 29)}, ${pick(SENTENCES, 30)})
        end, now()
      from generate_series(1, ${incoming}) as g(i)`);

    log('assignments (lead unit) and secret-document grants');
    await tx.execute(sql`
      insert into incoming_assignments (id, document_id, role, unit_id, status, assigned_by, assigned_at, active)
      select d.id || '-a', d.id, 'CHU_TRI', u.id, case when d.status = 'COMPLETED' then 'DONE' else 'OPEN' end::assignment_status, d.created_by, d.received_at, true
      from incoming_documents d
      join lateral (select id from units where organisation_id = d.organisation_id order by md5(d.id || id) limit 1) u on true
      where d.id like ${prefix + 'i%'} and d.status in ('ASSIGNED', 'IN_PROGRESS', 'COMPLETED')`);
    await tx.execute(sql`
      insert into incoming_access_grants (document_id, user_id, granted_by)
      select d.id, d.created_by, d.created_by from incoming_documents d where d.id like ${prefix + 'i%'} and d.secrecy <> 'KHONG' and d.created_by is not null`);

    log(`outgoing documents: ${outgoing}`);
    await tx.execute(sql`
      insert into outgoing_documents (id, organisation_id, drafting_unit_id, author_id, status, document_type, subject, urgency, secrecy,
        current_version, submitted_at, approved_at, signer_id, register_id, issued_year, issued_number, symbol, issue_date, issued_at, created_at, updated_at)
      select d.id, d.org, d.unit, coalesce(d.author, d.any_user), d.status::outgoing_status, d.code, d.subject, 'THUONG', d.secrecy::secrecy, 1,
        case when d.status = 'DRAFT' then null else d.created_at + interval '1 hour' end,
        case when d.issued then d.created_at + interval '1 day' end,
        case when d.issued then d.any_user end,
        case when d.issued then d.org || '-di' end,
        case when d.issued then extract(year from d.created_at)::int end,
        case when d.issued then row_number() over (partition by d.org, extract(year from d.created_at), d.issued order by d.created_at, d.id)::int end,
        case when d.issued then case when d.abbrev is null then d.org_abbrev || '-' || d.field else d.abbrev || '-' || d.org_abbrev end end,
        case when d.issued then (d.created_at + interval '2 days')::date end,
        case when d.issued then d.created_at + interval '2 days' end,
        d.created_at, d.created_at
      from (
        select s.*, s.status in ('ISSUED', 'DISPATCHED') as issued,
          (select u.id from users u where u.organisation_id = s.org order by md5(s.id || u.id) limit 1) as author,
          (select u.id from users u order by u.id limit 1) as any_user,
          (select un.id from units un where un.organisation_id = s.org order by md5(s.id || un.id) limit 1) as unit,
          (select o.short_name from organisations o where o.id = s.org) as org_abbrev
        from (
          select ${prefix} || 'o' || g.i as id,
            ${textArray(orgSlots)}[1 + ${h(41)} % ${orgSlots.length}] as org,
            ${pick(expand(OUTGOING_STATUSES), 42)} as status,
            ${textArray(types.map((t) => t.code))}[1 + ${h(43)} % ${types.length}] as code,
            nullif(${textArray(types.map((t) => t.abbrev ?? ''))}[1 + ${h(43)} % ${types.length}], '') as abbrev,
            ${pick(FIELDS, 44)} as field,
            timestamptz '2021-01-04 01:00:00+00' + (${h(45)} % (5 * 365 * 24 * 60)) * interval '1 minute' as created_at,
            concat_ws(' ', case when ${textArray(types.map((t) => t.code))}[1 + ${h(43)} % ${types.length}] = 'CV' then 'V/v' else ${textArray(types.map((t) => t.name))}[1 + ${h(43)} % ${types.length}] end,
              ${pick(VERBS, 46)}, ${pick(OBJECTS, 47)}, nullif(${pick(SCOPES, 48)}, '')) as subject,
            ${pick(expand(SECRECIES), 49)} as secrecy
          from generate_series(1, ${outgoing}) as g(i)
        ) s
      ) d`);

    // The registers' counters continue after the numbers given here, as they would in a live system.
    await tx.execute(sql`
      insert into register_counters (register_id, year, last_number)
      select register_id, arrival_year, max(arrival_number) from incoming_documents
      where id like ${prefix + 'i%'} and register_id is not null group by 1, 2
      union all
      select register_id, issued_year, max(issued_number) from outgoing_documents
      where id like ${prefix + 'o%'} and register_id is not null group by 1, 2
      on conflict (register_id, year) do update set last_number = greatest(register_counters.last_number, excluded.last_number)`);

    log('search index: rebuilt from search_source with its indexes dropped and recreated (faster than row by row)');
    const indexes = await queryRows<{ name: string; def: string }>(
      tx,
      sql`select i.indexname as name, i.indexdef as def from pg_indexes i
          where i.tablename = 'search_documents' and i.indexname not in (select conname from pg_constraint where conrelid = 'search_documents'::regclass)`,
    );
    for (const i of indexes) await tx.execute(sql.raw(`drop index ${JSON.stringify(i.name)}`));
    await tx.execute(sql`delete from search_documents`);
    // Stored in the order documents arrive, as a live system writes a row when a document is registered or
    // drafted; with triggers on again, so the typo-correction lexicon (search_lexicon) learns the rows' words.
    await tx.execute(sql`set local session_replication_role = origin`);
    await tx.execute(sql`insert into search_documents select * from search_source order by doc_date, kind, document_id`);
    for (const i of indexes) {
      log(`  ${i.name}`);
      await tx.execute(sql.raw(i.def));
    }
  });
  await db.execute(sql`analyze`);
  return { incoming, outgoing, seconds: (Date.now() - started) / 1000 };
}
