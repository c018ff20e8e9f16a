// The questions npm run bench:search times (scripts/bench-search.ts); test/api/bench-corpus.test.ts checks
// that both search paths answer them alike.
/** Typical questions: who asks (their visibility trims the result) and what. */
export const QUERIES: { name: string; user: string; params: Record<string, string | number> }[] = [
  { name: 'words, no diacritics: "quyet dinh"', user: 'qn.vanthu', params: { q: 'quyet dinh' } },
  { name: 'words: "chuyển đổi số"', user: 'qn.chutich', params: { q: 'chuyển đổi số' } },
  { name: 'words + sort by date: "ha long"', user: 'hl.chutich', params: { q: 'ha long', sort: 'date' } },
  { name: 'phrase in text: "giai phong mat bang"', user: 'stc.gd', params: { q: '"giai phong mat bang"' } },
  { name: 'rare words: "co to thuy san"', user: 'qn.vanthu', params: { q: 'co to thuy san' } },
  { name: 'số/ký hiệu: "125/QĐ-UBND"', user: 'stc.vanthu', params: { q: '125/QĐ-UBND' } },
  { name: 'ký hiệu: "qd-ubnd"', user: 'snv.vanthu', params: { q: 'qd-ubnd' } },
  { name: 'số đến: "đến 45"', user: 'stc.vanthu', params: { q: 'đến 45' } },
  { name: 'filters only: type + year', user: 'qn.chutich', params: { type: 'Công văn', year: 2025 } },
  {
    name: 'words + date range + status',
    user: 'stc.gd',
    params: { q: 'ngan sach', dateFrom: '2024-01-01', dateTo: '2024-06-30', status: 'COMPLETED' },
  },
  { name: 'words + issuer filter', user: 'qn.vanthu', params: { q: 'bao cao', issuer: 'Bộ Tài chính' } },
  { name: 'unit head (assigned work): "ke hoach"', user: 'stc.tp.qlns', params: { q: 'ke hoach' } },
  { name: 'specialist (own drafts): "van thu luu tru"', user: 'snv.cv.tcbc', params: { q: 'van thu luu tru' } },
  { name: 'page 10 of "tang cuong"', user: 'mc.chutich', params: { q: 'tang cuong', page: 10 } },
  { name: 'typo, fuzzy fallback: "chuyen doii so"', user: 'stc.gd', params: { q: 'chuyen doii so' } },
];
