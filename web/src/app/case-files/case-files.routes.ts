import type { Routes } from '@angular/router';

/** /case-files — hồ sơ: catalogue list, new, archive (archivists), disposition report, a case file. */
export default [
  { path: '', pathMatch: 'full', loadComponent: () => import('./list/case-file-list-page').then((m) => m.CaseFileListPage) },
  { path: 'new', loadComponent: () => import('./new/case-file-create-page').then((m) => m.CaseFileCreatePage) },
  { path: 'archive', loadComponent: () => import('./archive/archive-page').then((m) => m.ArchivePage) },
  { path: 'disposition', loadComponent: () => import('./disposition/disposition-page').then((m) => m.DispositionPage) },
  { path: ':id', loadComponent: () => import('./page/case-file-page').then((m) => m.CaseFilePage) },
] satisfies Routes;
