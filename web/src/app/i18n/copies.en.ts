import type { copiesVi } from './copies.vi';

/** English texts of copies (bản sao) and reading copies (`copies.*`); typed from the Vietnamese ones. */
export const copiesEn: typeof copiesVi = {
  title: 'Copies',
  none: 'No copies yet.',
  make: 'Make a copy',
  form: 'Form of copy',
  forms: { SAO_Y: 'Certified copy (sao y)', SAO_LUC: 'Copy of a copy (sao lục)', TRICH_SAO: 'Extract (trích sao)' },
  states: { AWAITING_SIGNATURE: 'Awaiting signature', SIGNING: 'Being signed', SIGNED: 'Signed' },
  extract: 'Extract file (re-created PDF)',
  secretAuthorisation: 'Authorisation to copy a secret document (who allowed it, reference)',
  submit: 'Register the copy',
  cancel: 'Cancel',
  sign: 'Sign the copy',
  download: 'Download',
  readingCopy: 'Download to read/print',
  readingCopyTitle: 'A copy marked with your name, organisation and the time on every page',
  made: 'Copy {number} registered.',
  dispatch: 'Dispatch the copy',
  recipient: 'Recipient',
  addRecipient: 'Add recipient',
  removeRecipient: 'Remove recipient',
  dispatchSubmit: 'Dispatch',
  dispatched: 'Copy {number} dispatched.',
  delivered: 'Delivered',
  routes: { INTERNAL: 'on the system', EXCHANGE: 'over the exchange axis' },
};
