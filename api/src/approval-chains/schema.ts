import { sql } from 'drizzle-orm';
import { boolean, date, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { organisations } from '../organisations/schema';
import type { Role } from '../users/roles';
import { users } from '../users/schema';

/** ANY_ONE: one of the step's people approves for all; ALL_OF: every one of them, in parallel. */
export const stepModes = ['ANY_ONE', 'ALL_OF'] as const;
export type StepMode = (typeof stepModes)[number];

/**
 * Where a draft resumes when the author resubmits it after a return: RESTART from the first step, so every
 * reviewer sees the new version (the default), or RESUME at the step that returned it.
 */
export const afterReturnModes = ['RESTART', 'RESUME'] as const;
export type AfterReturn = (typeof afterReturnModes)[number];

/**
 * Who a template step goes to: holders of a role in the organisation (optionally in one unit, or in the
 * author's own unit), or named people.
 */
export type StepAssignees =
  { kind: 'ROLE'; role: Role; unitId?: string | null; authorUnit?: boolean } | { kind: 'USERS'; userIds: string[] };

export interface TemplateStep {
  label: string;
  assignees: StepAssignees;
  mode: StepMode;
  /** The author may leave it out at submission; it is also left out when nobody holds the role. */
  optional: boolean;
}

/**
 * An approval chain (quy trình duyệt) of an organisation for one document type, or for every type when
 * documentType is null. Steps run in order; the last one is the signer (người ký).
 */
export const approvalChainTemplates = pgTable(
  'approval_chain_templates',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** A code of outgoing/document-types.ts; null: the organisation's default chain. */
    documentType: text('document_type'),
    name: text('name').notNull(),
    /** The author may add reviewers (before the signer) when submitting. */
    allowAddReviewers: boolean('allow_add_reviewers').notNull().default(false),
    steps: jsonb('steps').$type<TemplateStep[]>().notNull(),
    afterReturn: text('after_return').$type<AfterReturn>().notNull().default('RESTART'),
    active: boolean('active').notNull().default(true),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('approval_chain_templates_org_idx').on(t.organisationId, t.documentType)],
);

/**
 * Ủy quyền: a leader lets a named deputy approve (and, with canSign, sign) in their place for a date
 * range (Vietnam calendar dates, both ends included). Revoking keeps the row for the record.
 */
export const approvalDelegations = pgTable(
  'approval_delegations',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    delegatorId: text('delegator_id')
      .notNull()
      .references(() => users.id),
    deputyId: text('deputy_id')
      .notNull()
      .references(() => users.id),
    fromDate: date('from_date').notNull(),
    toDate: date('to_date').notNull(),
    canSign: boolean('can_sign').notNull().default(true),
    note: text('note'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('approval_delegations_deputy_idx').on(t.deputyId), index('approval_delegations_delegator_idx').on(t.delegatorId)],
);
