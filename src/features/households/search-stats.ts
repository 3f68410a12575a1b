// How often each gram occurs, from the planner's own statistics (pg_stats). A fragment search asks
// the GIN index only for its two rarest grams: a gram most households share (the district's name,
// 单元, 号 …) filters nothing and makes the lookup walk a huge posting list, while the exact LIKE
// check decides the match anyway. When even the rarest gram is in most rows, the matches are dense
// and a plain scan in id order finds a page sooner than any index. Refreshed every ten minutes.
import { sql } from 'kysely';
import type { DB } from '../../db/connection.ts';

const DENSE = 0.45;
const KEEP = 3;
const TTL_MS = 10 * 60_000;
const cache = new WeakMap<object, { at: number; freq: Map<string, number> }>();

export async function gramFrequencies(db: DB, now = Date.now()): Promise<Map<string, number>> {
  const hit = cache.get(db);
  if (hit && now - hit.at < TTL_MS) return hit.freq;
  const r = await sql<{ elems: string[] | null; freqs: number[] | null }>`
    select most_common_elems::text::text[] as elems, most_common_elem_freqs as freqs
    from pg_stats where schemaname = current_schema() and tablename = 'households' and attname = 'grams'`.execute(db);
  const freq = new Map<string, number>();
  const row = r.rows[0];
  if (row?.elems && row.freqs) row.elems.forEach((g, i) => freq.set(g, row.freqs![i]));
  cache.set(db, { at: now, freq });
  return freq;
}

/**
 * The grams worth asking the index for (pure: a query's grams in order, frequencies in). Rarest
 * first, preferring pairs that share no character with one already taken ('海韵' and '韵路' find
 * the same rows, '海韵' and '1号' narrow each other), then the overlapping ones.
 */
export function selectiveGrams(grams: string[], freq: Map<string, number>): string[] {
  const f = (g: string) => freq.get(g) ?? 0;
  const order = grams.map((g, i) => ({ g, i })).filter((x) => f(x.g) < DENSE).sort((a, b) => f(a.g) - f(b.g));
  const taken: { g: string; i: number }[] = [];
  for (const x of order) {
    if (taken.length === KEEP) break;
    if (taken.some((t) => Math.abs(t.i - x.i) < 2)) continue;
    taken.push(x);
  }
  // A short fragment has few disjoint pairs; overlapping ones still narrow the match.
  for (const x of order) if (taken.length < KEEP && !taken.includes(x)) taken.push(x);
  return taken.map((t) => t.g);
}
