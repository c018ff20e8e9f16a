import type { routingVi } from './routing.vi';

/** English texts of `routing.*` (see routing.vi.ts). */
export const routingEn: typeof routingVi = {
  assign: {
    organisations: 'Organisations below',
    unitOf: '{unit} ({organisation})',
    organisationHint:
      'An assigned organisation receives the document in its own incoming register, with the deadline; its progress shows here.',
  },
  progress: {
    label: 'Progress at the organisation',
    DRAFT: 'Awaiting registration by its clerk',
    REGISTERED: 'Registered, arrival no. {arrival}',
    SUBMITTED: 'Registered, arrival no. {arrival}; awaiting direction',
    ASSIGNED: 'Assigned for handling (arrival no. {arrival})',
    IN_PROGRESS: 'In progress (arrival no. {arrival})',
    COMPLETED: 'Completed on {at}',
    result: 'Result',
    reply: 'Reply',
  },
  forwardedFrom: {
    title: 'Handed down by a higher organisation',
    text: '{organisation} asked you to {role}',
    by: 'Assigned by {name} — {position}, on {at}',
    due: 'Deadline',
    instruction: 'Direction',
    replaced: 'The higher organisation has re-assigned the document; this assignment no longer applies.',
  },
  register: {
    fromSender: 'The data the sending organisation provided through the system is filled in. Check it and press “Register”.',
    signerAuthority: 'Signing authority',
    signerAuthorityHint: 'E.g. TM. ỦY BAN NHÂN DÂN, KT. GIÁM ĐỐC',
  },
  replies: {
    title: 'Replies',
    empty: 'No reply yet.',
    draft: 'Draft a reply',
    notIssued: 'Not issued yet',
    linkExisting: 'Link an outgoing document already drafted as the reply',
    choose: '— Choose one of my outgoing documents —',
    link: 'Link',
    completesOnIssue: 'Issuing it completes the handling',
    keepsOpen: 'Issuing it does not complete the handling',
    completed: 'Handling completed by this reply',
    answers: 'Replies to incoming documents',
    completeOnIssue: 'When this document is issued, complete the handling of the incoming document',
    replyTo: 'This document replies to: {document}',
    subject: 'Re: document no. {document} from {issuer}',
    dueDate: 'Reply requested by',
    dueDateHint: 'Date the recipients are asked to answer by (optional)',
  },
  complete: {
    files: 'Result files',
    filesHint: 'PDF, DOCX, XLSX, ODT, PNG, JPEG; several files allowed (optional).',
    selected: '{count} file(s) selected',
  },
  discard: {
    title: 'Discard a mistaken upload',
    intro:
      'The unregistered document is removed from the list; the reason is logged. Its files are deleted only if no other document uses them.',
    reason: 'Reason',
    confirm: 'Discard',
    done: 'The mistaken upload was discarded.',
  },
  resultFiles: 'Result files',
};
