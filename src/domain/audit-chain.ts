// The audit trail's integrity rules. Each row carries an HMAC over its canonical content
// (so a changed row names itself); seals chain the rows' MACs in sequence order in blocks
// (so a removed row, or a row whose MAC was recomputed without the key, breaks the chain).
import { createHash, createHmac } from 'node:crypto';

/** JSON with object keys sorted at every depth: the same value gives the same text on any engine. */
export function canonicalJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return '[' + v.map(canonicalJson).join(',') + ']';
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return '{' + Object.keys(o).filter((k) => o[k] !== undefined).sort()
      .map((k) => JSON.stringify(k) + ':' + canonicalJson(o[k])).join(',') + '}';
  }
  return JSON.stringify(v);
}

export interface AuditContent {
  seq: number; at: Date; actor_id: number | null; actor: string; action: string;
  entity: string; entity_id: string | null; region_path: string | null;
  before: unknown; after: unknown; meta: unknown;
}

export function auditMac(key: string, r: AuditContent): string {
  const text = canonicalJson({ ...r, at: r.at.toISOString() });
  return createHmac('sha256', key).update(text).digest('hex');
}

export const GENESIS = '0'.repeat(64);

export function chainStep(prev: string, seq: number, mac: string): string {
  return createHash('sha256').update(prev).update(String(seq)).update(mac).digest('hex');
}

export function chainOf(prev: string, rows: { seq: number; mac: string }[]): string {
  let h = prev;
  for (const r of rows) h = chainStep(h, r.seq, r.mac);
  return h;
}
