import type { Routes } from '@angular/router';

/** /search — tra cứu văn bản: one box, filters, facets, snippets; /search/secret-log — the log of searches on secret material. */
export default [
  { path: '', pathMatch: 'full', loadComponent: () => import('./search-page').then((m) => m.SearchPage) },
  { path: 'secret-log', loadComponent: () => import('./secret-log-page').then((m) => m.SecretLogPage) },
] satisfies Routes;
