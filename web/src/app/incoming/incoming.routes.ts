import type { Routes } from '@angular/router';

/** /incoming — văn bản đến: list, intake, registration, processing, my queue, handling report. */
export default [
  { path: '', pathMatch: 'full', loadComponent: () => import('./list/incoming-list-page').then((m) => m.IncomingListPage) },
  { path: 'new', loadComponent: () => import('./upload/incoming-upload-page').then((m) => m.IncomingUploadPage) },
  { path: 'report', loadComponent: () => import('./report/handling-report-page').then((m) => m.HandlingReportPage) },
  { path: 'queue', loadComponent: () => import('./queue/incoming-queue-page').then((m) => m.IncomingQueuePage) },
  { path: ':id/register', loadComponent: () => import('./register/incoming-register-page').then((m) => m.IncomingRegisterPage) },
  { path: ':id', loadComponent: () => import('./document/incoming-document-page').then((m) => m.IncomingDocumentPage) },
] satisfies Routes;
