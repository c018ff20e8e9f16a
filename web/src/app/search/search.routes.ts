import type { Routes } from '@angular/router';

/** /search — tra cứu văn bản: one box, filters, facets, snippets. */
export default [{ path: '', pathMatch: 'full', loadComponent: () => import('./search-page').then((m) => m.SearchPage) }] satisfies Routes;
