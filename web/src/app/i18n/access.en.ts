import type { accessVi } from './access.vi';

/** Texts about who may see and do what (visibility rule, separation of duties), in English. */
export const accessEn: typeof accessVi = {
  hiddenDocument: '(you may not open this document)',
  separation: {
    title: 'Separation of duties',
    on: 'In force: an author neither approves nor signs their own outgoing document; whoever approved at an earlier step does not sign it (delegation included).',
    off: 'Turned off: an author may approve and sign their own document. Turning it off was written to the audit log.',
    reason: 'Reason (written to the audit log, at least 10 characters)',
    turnOff: 'Turn separation of duties off',
    turnOn: 'Apply separation of duties again',
    ownDraft: 'You drafted this document, so you may not approve or sign it (separation of duties).',
    approvedBefore: 'You approved this document at an earlier step, so you may not sign it (separation of duties).',
  },
};
