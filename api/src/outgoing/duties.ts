import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { Problem } from '../http/problem';
import { organisations } from '../organisations/schema';
import { outgoingStepAssignees, outgoingSteps } from './schema';
import { problem } from '../http/problems';

/**
 * Separation of duties (phân tách nhiệm vụ) on an outgoing draft: author ≠ approver ≠ signer. The author
 * approves at no step and does not sign; whoever approved at a review step does not approve at the signer's step
 * nor sign. "Who" is both the person acting and the person in whose name they act, so a delegation does not open
 * a way round it (a specialist standing in for the director cannot sign her own draft, nor can the director's
 * deputy sign the director's). An organisation's administrator may relax it (organisations.separation_of_duties).
 */
export const dutyConflicts = ['OWN_DRAFT', 'APPROVED_BEFORE'] as const;
export type DutyConflict = (typeof dutyConflicts)[number];

/** What the rule reads about a draft: its author and everyone who approved a review (non-signer) step, in person or in whose name. */
export interface DraftDuties {
  enforced: boolean;
  authorId: string;
  reviewers: ReadonlySet<string>;
}

type AssigneeRow = typeof outgoingStepAssignees.$inferSelect;
type StepRow = typeof outgoingSteps.$inferSelect;

/** The duties from rows already read (the document page reads the chain anyway). */
export function dutiesFrom(
  enforced: boolean,
  authorId: string,
  steps: Pick<StepRow, 'id' | 'isSigner'>[],
  assignees: AssigneeRow[],
): DraftDuties {
  const review = new Set(steps.filter((s) => !s.isSigner).map((s) => s.id));
  const reviewers = new Set(
    assignees
      .filter((a) => a.decision === 'APPROVED' && review.has(a.stepId))
      .flatMap((a) => [a.userId, ...(a.actedBy ? [a.actedBy] : [])]),
  );
  return { enforced, authorId, reviewers };
}

export async function separationEnforced(db: Db | Tx, organisationId: string): Promise<boolean> {
  const [org] = await db.select({ on: organisations.separationOfDuties }).from(organisations).where(eq(organisations.id, organisationId));
  return org?.on ?? true;
}

export async function dutiesOf(db: Db | Tx, doc: { id: string; organisationId: string; authorId: string }): Promise<DraftDuties> {
  const [enforced, steps, assignees] = await Promise.all([
    separationEnforced(db, doc.organisationId),
    db.select().from(outgoingSteps).where(eq(outgoingSteps.documentId, doc.id)),
    db
      .select()
      .from(outgoingStepAssignees)
      .where(and(eq(outgoingStepAssignees.documentId, doc.id), eq(outgoingStepAssignees.decision, 'APPROVED'))),
  ]);
  return dutiesFrom(enforced, doc.authorId, steps, assignees);
}

/**
 * Whether `people` (the person acting and the one in whose name) may approve at a step (`signing`: the signer's
 * step, or the signature itself) of the draft; the conflict if not.
 */
export function dutyConflict(duties: DraftDuties, people: (string | null | undefined)[], signing: boolean): DutyConflict | null {
  if (!duties.enforced) return null;
  const who = people.filter((p): p is string => !!p);
  if (who.includes(duties.authorId)) return 'OWN_DRAFT';
  if (signing && who.some((p) => duties.reviewers.has(p))) return 'APPROVED_BEFORE';
  return null;
}

/** 403 with the reason, for an action the rule forbids. */
export function dutyProblem(conflict: DutyConflict): Problem {
  return conflict === 'OWN_DRAFT'
    ? problem('outgoing.separation_of_duties#separation_of_duties_the')
    : problem('outgoing.separation_of_duties#separation_of_duties_whoever');
}
