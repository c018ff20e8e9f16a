import type { Routes } from '@angular/router';

/** /outgoing — văn bản đi: list, new draft, register, document (versions, approval, issuance, dispatch). */
export default [
  { path: '', pathMatch: 'full', loadComponent: () => import('./list/outgoing-list-page').then((m) => m.OutgoingListPage) },
  { path: 'new', loadComponent: () => import('./draft/outgoing-draft-page').then((m) => m.OutgoingDraftPage) },
  { path: 'register', loadComponent: () => import('./register/outgoing-register-page').then((m) => m.OutgoingRegisterPage) },
  { path: ':id', loadComponent: () => import('./document/outgoing-document-page').then((m) => m.OutgoingDocumentPage) },
] satisfies Routes;
