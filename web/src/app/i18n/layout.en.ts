import type { layoutVi } from './layout.vi';

/** Texts of the layout report, English; typed from the Vietnamese ones. */
export const layoutEn: typeof layoutVi = {
  title: 'Document layout',
  found:
    'The number and date go into the draft’s blanks; the signature between "{position}" and "{name}" (page {page}), the seal over about its left third.',
  notFound: 'The signature and seal go at the foot of the last page.',
  block: 'Signature block in the draft',
  preview: 'Preview: where the number, date (blue), signature and seal (red) go',
  previewFirst: 'Page 1',
  previewSignature: 'Signature page',
  expected: 'For the signer',
};
