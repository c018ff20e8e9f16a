import { and, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import type { Db } from '../db/client';
import { renderPage, type PageMark } from '../incoming/pdf';
import { notFound } from '../http/problem';
import { PDFDocument } from 'pdf-lib';
import { leaderRect, sealPlacement, signatureWidgets } from '../signing/placement';
import { organisations, units } from '../organisations/schema';
import { readAll, type BlobStore } from '../storage/blob-store';
import { roleGrants, users } from '../users/schema';
import type { Role } from '../users/roles';
import { viewerOf, maySign, requireVisible } from './access';
import { buildSymbol } from './document-types';
import { layoutOf, type AuthorityPrefix, type DocumentLayout } from './layout';
import { outgoingDocuments, outgoingFiles, outgoingVersions } from './schema';

/** Bodies that decide collectively (Ủy ban nhân dân, Hội đồng nhân dân): their head signs "TM." (docs/domain.md §2.6). */
const COLLECTIVE = new Set(['PROVINCE_PC', 'DISTRICT_PC', 'COMMUNE_PC', 'PROVINCE_COUNCIL']);
const UNIT_HEADS: Role[] = ['CHANH_VAN_PHONG', 'TRUONG_PHONG'];

interface Person {
  position: string;
  roles: Role[];
}

const upper = (s: string) => s.toLocaleUpperCase('vi');
const isDeputy = (position: string) => /^phó\s/iu.test(position.trim());
const isActing = (position: string) => /^(quyền|q\.)\s*/iu.test(position.trim());

/**
 * What the draft's signature block should say for who signs (docs/domain.md §2.6): a deputy "KT." (for the head, or
 * on the head's delegation); anyone else on a delegation "TUQ."; the acting head "Q."; a unit head signing for
 * the organisation "TL."; the head none, or "TM." for a collective body.
 */
export function expectedAuthority(
  person: Person,
  onBehalfOf: Person | null,
  collective: boolean,
): { accepted: AuthorityPrefix[]; text: string } {
  const position = upper(person.position);
  if (onBehalfOf) {
    const head = upper(onBehalfOf.position);
    return isDeputy(person.position)
      ? { accepted: ['KT.'], text: `KT. ${head} / ${position}` }
      : { accepted: ['TUQ.'], text: `TUQ. ${head} / ${position}` };
  }
  if (isDeputy(person.position))
    return { accepted: ['KT.'], text: `KT. ${upper(person.position.trim().replace(/^phó\s+/iu, ''))} / ${position}` };
  if (isActing(person.position)) return { accepted: ['Q.'], text: `Q. ${upper(person.position.trim().replace(/^(quyền|q\.)\s*/iu, ''))}` };
  if (person.roles.some((r) => UNIT_HEADS.includes(r)) && !person.roles.includes('LANH_DAO_CO_QUAN'))
    return { accepted: ['TL.'], text: `TL. … / ${position}` };
  return collective ? { accepted: ['TM.', ''], text: `TM. … / ${position}` } : { accepted: [''], text: position };
}

export interface LayoutWarning {
  code: 'no_signature_block' | 'no_number_blank' | 'no_date_blank' | 'authority_mismatch' | 'symbol_mismatch';
  vi: string;
  en: string;
}

export interface LayoutReport {
  signatureBlock: { page: number; authority: string[]; position: string; name: string } | null;
  numberBlank: boolean;
  dateBlank: boolean;
  expectedAuthority: string | null;
  warnings: LayoutWarning[];
}

/** The warnings for a layout, given what the block should say and the ký hiệu the number will carry. */
export function layoutWarnings(
  layout: DocumentLayout,
  expected: { accepted: AuthorityPrefix[]; text: string }[],
  symbol?: string,
): LayoutWarning[] {
  const out: LayoutWarning[] = [];
  const block = layout.signature;
  if (!block) {
    out.push({
      code: 'no_signature_block',
      vi: 'Không nhận ra khối chữ ký của dự thảo (quyền hạn, chức vụ, khoảng trống, họ tên): chữ ký và dấu sẽ đặt ở cuối trang cuối, kèm chức vụ và họ tên',
      en: 'No signature block was recognised in the draft (authority, position, gap, name): the signature and seal go at the foot of the last page, with the title and name',
    });
  }
  if (!layout.number) {
    out.push({
      code: 'no_number_blank',
      vi: 'Không thấy dòng "Số:      /…" có chỗ trống: số và ký hiệu sẽ in thành dòng riêng ở vị trí ô 3',
      en: 'No "Số:      /…" line with a blank was found: the number and symbol are printed as a line of their own where ô 3 goes',
    });
  }
  if (!layout.date) {
    out.push({
      code: 'no_date_blank',
      vi: 'Không thấy dòng "…, ngày    tháng    năm …" có chỗ trống: ngày ban hành sẽ in thành dòng riêng ở vị trí ô 4',
      en: 'No "…, ngày    tháng    năm …" line with blanks was found: the date is printed as a line of its own where ô 4 goes',
    });
  }
  if (block && expected.length && !expected.some((e) => e.accepted.includes(block.prefix))) {
    const found = [...block.authority, ...(block.authority.includes(block.position) ? [] : [block.position])].join(' / ');
    const want = expected.map((e) => e.text).join(' | ');
    out.push({
      code: 'authority_mismatch',
      vi: `Quyền hạn ký trong dự thảo ("${found}") không khớp người ký (cần "${want}")`,
      en: `The draft's signature block says "${found}" but the signer should sign as "${want}"`,
    });
  }
  if (layout.number && symbol && layout.number.symbol.normalize('NFC') !== symbol.normalize('NFC')) {
    out.push({
      code: 'symbol_mismatch',
      vi: `Ký hiệu trong dự thảo ("/${layout.number.symbol}") khác ký hiệu sẽ cấp ("/${symbol}")`,
      en: `The draft's symbol "/${layout.number.symbol}" differs from the one issuance gives ("/${symbol}")`,
    });
  }
  return out;
}

/** The view fields the layout report needs (a subset of the outgoing document view). */
interface ViewLike {
  id: string;
  status: string;
  currentVersion: number;
  signer: { id: string } | null;
  signedOnBehalfOf: { id: string } | null;
  versions: { number: number; files: { role: string; mediaType: string; sha256: string }[] }[];
  steps: { isSigner: boolean; assignees: { user: { id: string }; decision: string }[] }[];
}

/**
 * Where the number, date and signatures will go in the current main PDF and what does not fit the standard
 * layout: shown to the reviewers (the format check), the signer before signing and the clerk at issuance.
 */
export async function layoutReport(db: Db, blobs: BlobStore, actor: Actor, view: ViewLike): Promise<LayoutReport | null> {
  const main = view.versions
    .find((v) => v.number === view.currentVersion)
    ?.files.find((f) => f.role === 'MAIN' && f.mediaType === 'application/pdf');
  if (!main) return null;
  const layout = await layoutOf(main.sha256, async () => readAll(await blobs.get(main.sha256))).catch(() => undefined);
  if (!layout) return null; // the stored file is missing: the rest of the view still answers
  const [doc] = await db.select().from(outgoingDocuments).where(eq(outgoingDocuments.id, view.id));
  // Who signs, and for whom: the signer step's people before approval; whoever may sign now; who signed after.
  let signers: { person: string; onBehalfOf: string | null }[];
  if (view.signer) signers = [{ person: view.signer.id, onBehalfOf: view.signedOnBehalfOf?.id ?? null }];
  else if (doc.status === 'APPROVED_AWAITING_SIGNATURE' && doc.signerId) {
    const viewer = await viewerOf(db, actor);
    const me = actor.userId;
    const deputy = maySign(viewer, doc) && me !== doc.signerId && me !== doc.signerActedBy;
    const person = deputy ? me : (doc.signerActedBy ?? doc.signerId);
    signers = [{ person, onBehalfOf: person !== doc.signerId ? doc.signerId : null }];
  } else {
    signers = view.steps
      .filter((s) => s.isSigner)
      .flatMap((s) => s.assignees.filter((a) => a.decision !== 'FORWARDED').map((a) => ({ person: a.user.id, onBehalfOf: null })));
  }
  const ids = [...new Set(signers.flatMap((s) => [s.person, ...(s.onBehalfOf ? [s.onBehalfOf] : [])]))];
  const people = new Map<string, Person>();
  if (ids.length) {
    const [rows, grants] = await Promise.all([
      db.select({ id: users.id, position: users.position }).from(users).where(inArray(users.id, ids)),
      db.select({ userId: roleGrants.userId, role: roleGrants.role }).from(roleGrants).where(inArray(roleGrants.userId, ids)),
    ]);
    for (const r of rows) people.set(r.id, { position: r.position, roles: grants.filter((g) => g.userId === r.id).map((g) => g.role) });
  }
  const [org] = await db.select().from(organisations).where(eq(organisations.id, doc.organisationId));
  const [unit] = doc.draftingUnitId ? await db.select().from(units).where(eq(units.id, doc.draftingUnitId)) : [];
  const expected = signers
    .filter((s) => people.has(s.person))
    .map((s) =>
      expectedAuthority(people.get(s.person)!, s.onBehalfOf ? (people.get(s.onBehalfOf) ?? null) : null, COLLECTIVE.has(org.kind)),
    );
  const symbol = doc.symbol ?? buildSymbol(doc.documentType, org.shortName, unit?.abbrev);
  const block = layout.signature;
  return {
    signatureBlock: block ? { page: block.page, authority: block.authority, position: block.position, name: block.name } : null,
    numberBlank: !!layout.number,
    dateBlank: !!layout.date,
    expectedAuthority: expected.map((e) => e.text).join(' | ') || null,
    warnings: layoutWarnings(layout, expected, symbol),
  };
}

const BLUE = 'rgba(20, 70, 200, 0.9)';
const RED = 'rgba(200, 30, 30, 0.9)';

/**
 * A preview of where issuance puts the number, date, signature and seal: page 1 or the signature page of the
 * main PDF (signed, once it is: the leader's signature then shows itself) rendered as PNG, with the blanks and
 * the planned signature and seal marked. For the clerk before issuing and the signer before signing.
 */
export async function layoutPreview(db: Db, blobs: BlobStore, actor: Actor, id: string, which: 'first' | 'signature'): Promise<Buffer> {
  const doc = await requireVisible(db, await viewerOf(db, actor), id);
  const [main] = await db
    .select({ sha256: outgoingFiles.sha256 })
    .from(outgoingFiles)
    .innerJoin(outgoingVersions, eq(outgoingVersions.id, outgoingFiles.versionId))
    .where(
      and(
        eq(outgoingFiles.documentId, id),
        eq(outgoingVersions.number, doc.currentVersion),
        eq(outgoingFiles.role, 'MAIN'),
        eq(outgoingFiles.mediaType, 'application/pdf'),
      ),
    );
  if (!main) throw notFound(`A main PDF of outgoing document ${id}`, 'tệp PDF chính');
  const sha = doc.issuedSha256 ?? doc.signedSha256 ?? main.sha256;
  const pdf = await readAll(await blobs.get(sha));
  const layout = await layoutOf(sha, async () => pdf);
  const page = which === 'first' ? 0 : (layout.signature?.page ?? layout.pageBoxes.length - 1);
  const marks: PageMark[] = [];
  if (!doc.issuedSha256) {
    const blank = (box: (typeof layout.textBoxes)[number][number] | undefined, label: string) =>
      box && marks.push({ box, color: BLUE, label });
    if (layout.number?.page === page) blank(layout.number.blank, 'số');
    if (layout.date?.page === page) {
      blank(layout.date.day, 'ngày');
      blank(layout.date.month, 'tháng');
      blank(layout.date.year, 'năm');
    }
    const signed = doc.signedSha256 ? signatureWidgets(await PDFDocument.load(pdf, { updateMetadata: false }))[0] : undefined;
    const leader = layout.signature?.page === page ? (signed?.page === page ? signed.rect : leaderRect(layout)) : undefined;
    if (leader) {
      if (!doc.signedSha256) marks.push({ box: leader, color: BLUE, label: 'Chữ ký' });
      const [org] = await db.select().from(organisations).where(eq(organisations.id, doc.organisationId));
      const seal = sealPlacement(layout, leader, org.name, new Date());
      marks.push({ box: seal.seal, color: RED, label: 'Dấu', round: true }, { box: seal.caption.box, color: RED });
    }
  }
  return renderPage(pdf, page, 1.25, marks);
}
