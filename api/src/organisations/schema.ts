import { sql } from 'drizzle-orm';
import { boolean, date, index, pgEnum, pgTable, text, timestamp, unique, type AnyPgColumn } from 'drizzle-orm/pg-core';

export const organisationKinds = ['PROVINCE_PC', 'PROVINCE_COUNCIL', 'DEPARTMENT', 'DISTRICT_PC', 'COMMUNE_PC', 'OFFICE', 'OTHER'] as const;
export type OrganisationKind = (typeof organisationKinds)[number];
export const organisationKind = pgEnum('organisation_kind', organisationKinds);

/** An agency (cơ quan, tổ chức): provincial committee, department, commune… */
export const organisations = pgTable(
  'organisations',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    parentId: text('parent_id').references((): AnyPgColumn => organisations.id),
    name: text('name').notNull(),
    /** Abbreviation used in document symbols (viết tắt trong ký hiệu), e.g. "UBND", "STC". */
    shortName: text('short_name').notNull(),
    /** QCVN 102 organ code (mã định danh), e.g. 000.00.00.H49. Not unique: a successor may inherit it. */
    organCode: text('organ_code'),
    kind: organisationKind('kind').notNull(),
    /** Place name printed on documents (địa danh). */
    placeName: text('place_name').notNull(),
    validFrom: date('valid_from'),
    validTo: date('valid_to'),
    /**
     * When the dissolution took effect (its accounts disabled): once, so an account an administrator enables
     * again afterwards (to consult the records) is not disabled again by the hourly housekeeping.
     */
    dissolutionEffectiveAt: timestamp('dissolution_effective_at', { withTimezone: true }),
    /**
     * Separation of duties on its outgoing documents (phân tách nhiệm vụ): the author of a draft neither approves
     * nor signs it, and nobody who approved it at a review step signs it, also not as a deputy (outgoing/duties.ts).
     * Only an administrator relaxes it, with a reason, in the audit log.
     */
    separationOfDuties: boolean('separation_of_duties').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('organisations_parent_idx').on(t.parentId), index('organisations_organ_code_idx').on(t.organCode)],
);

/** A unit inside an organisation (phòng, ban, bộ phận). */
export const units = pgTable(
  'units',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    name: text('name').notNull(),
    abbrev: text('abbrev').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('units_org_abbrev_uq').on(t.organisationId, t.abbrev)],
);
