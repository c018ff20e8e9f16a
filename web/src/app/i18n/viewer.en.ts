import type { viewerVi } from './viewer.vi';

/** English texts of the PDF viewer (`viewer.*`); typed from the Vietnamese ones. */
export const viewerEn: typeof viewerVi = {
  title: 'Document content',
  toolbar: 'Document viewer tools',
  previous: 'Previous page',
  next: 'Next page',
  page: 'Page {page}/{pages}',
  pageImage: 'Page {page} of {pages} of the document',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  fitWidth: 'Fit width',
  open: 'New tab',
  openTitle: 'Open the PDF in a new browser tab',
  loading: 'Opening the PDF…',
  error: 'The PDF could not be displayed. Please download it to read it.',
  keys: 'Keys within the viewer: left/right arrow to turn pages, Home/End for the first/last page, + and − to zoom, 0 to fit the width.',
  copy: {
    stamped: 'Copy with the received (ĐẾN) stamp',
    received: 'As received',
    version: 'Draft — version {n}',
    signed: 'Digitally signed copy',
    issued: 'Issued copy {number}',
  },
};
