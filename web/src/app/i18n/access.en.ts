import type { accessVi } from './access.vi';

/** Texts about who may see and do what (visibility rule, separation of duties), in English. */
export const accessEn: typeof accessVi = {
  hiddenDocument: '(you may not open this document)',
  separation: {
    ownDraft: 'You drafted this document, so you may not approve or sign it (separation of duties).',
    approvedBefore: 'You approved this document at an earlier step, so you may not sign it (separation of duties).',
  },
};
