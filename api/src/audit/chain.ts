import crypto from 'node:crypto';

/** JSON with object keys sorted at every level, so a jsonb round-trip (which reorders keys) hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface ChainedFields {
  id: number;
  at: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data: unknown;
  requestId: string | null;
  ip: string | null;
  /** Absent (not hashed) on entries of the single chain the log was before it was split (chain 0). */
  chain?: number;
  prevHash: string | null;
}

/** The hash of one audit entry: everything it says, plus the hash of the entry before it. */
export function entryHash(e: ChainedFields): string {
  const body = canonicalJson({ ...e, at: e.at.toISOString(), data: e.data ?? null });
  return crypto.createHash('sha256').update(body).digest('hex');
}

/** Exactly the hashed fields of a stored row (not its own hash). */
export function chainedFieldsOf(r: ChainedFields & Record<string, unknown>): ChainedFields {
  const { id, at, actorId, actorRole, action, entityType, entityId, data, requestId, ip, prevHash } = r;
  const chain = r.chain ? { chain: r.chain } : {};
  return { id, at, actorId, actorRole, action, entityType, entityId, data, requestId, ip, ...chain, prevHash };
}
