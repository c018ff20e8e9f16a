import type { activeContentVi } from './active-content.vi';

/** English texts of the active-content warning (`activeContent.*`). */
export const activeContentEn: typeof activeContentVi = {
  incoming:
    'This PDF has active content: {kinds}. The original is kept exactly as received; the ĐẾN-stamped and OCR copies made by the system have it removed. Do not open the original in software that runs scripts.',
  outgoing:
    'The uploaded file has active content: {kinds}. What is reviewed, signed and issued is a copy with it removed; the upload itself is kept.',
  result: 'The uploaded result file had active content: {kinds}. The download is a copy with it removed; the upload itself is kept.',
  kind: {
    javascript: 'JavaScript',
    launch: 'a program launch (Launch)',
    open_action: 'an action run on opening',
    additional_actions: 'event-triggered actions (AA)',
    other_action: 'actions that send or fetch data',
  },
};
