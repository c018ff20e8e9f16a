// Facet counts of a search (search/service.ts counts them over the matches it kept, in one statement).
export type FacetName = 'kind' | 'type' | 'issuer' | 'year' | 'status' | 'secrecy';
export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

/** Facets with many values (issuers, types) list the most frequent ones only. */
const FACET_LIMIT = 20;
export interface FacetRow {
  g_kind: number;
  g_type: number;
  g_issuer: number;
  g_year: number;
  g_status: number;
  g_secrecy: number;
  kind: string | null;
  type_key: string | null;
  type_label: string | null;
  issuer_key: string | null;
  issuer_label: string | null;
  year: number | null;
  status: string | null;
  secrecy: string | null;
  n: number;
}

export function facetsOf(rows: FacetRow[]) {
  const facets: Record<FacetName, FacetValue[]> = { kind: [], type: [], issuer: [], year: [], status: [], secrecy: [] };
  let total = 0;
  for (const r of rows) {
    const n = Number(r.n);
    const put = (f: FacetName, value: string | number | null, label?: string | null) => {
      if (value !== null) facets[f].push({ value: String(value), label: label ?? String(value), count: n });
    };
    if (r.g_kind === 0) put('kind', r.kind);
    else if (r.g_type === 0) put('type', r.type_key, r.type_label);
    else if (r.g_issuer === 0) put('issuer', r.issuer_key, r.issuer_label);
    else if (r.g_year === 0) put('year', r.year);
    else if (r.g_status === 0) put('status', r.status);
    else if (r.g_secrecy === 0) put('secrecy', r.secrecy);
    else total = n;
  }
  for (const f of Object.values(facets)) f.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'vi'));
  facets.year.sort((a, b) => Number(b.value) - Number(a.value));
  facets.type.splice(FACET_LIMIT);
  facets.issuer.splice(FACET_LIMIT);
  return { facets, total };
}
