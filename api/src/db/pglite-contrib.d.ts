// The PGlite extension entry points are only in its package "exports", which moduleResolution node10 does
// not read; point the types at the files behind them.
declare module '@electric-sql/pglite/contrib/unaccent' {
  export { unaccent } from '@electric-sql/pglite/dist/contrib/unaccent';
}
declare module '@electric-sql/pglite/contrib/pg_trgm' {
  export { pg_trgm } from '@electric-sql/pglite/dist/contrib/pg_trgm';
}
declare module '@electric-sql/pglite/contrib/btree_gin' {
  export { btree_gin } from '@electric-sql/pglite/dist/contrib/btree_gin';
}
