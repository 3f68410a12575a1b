// Similar requests at intake (issue 5 part 6): recent requests of the same community, or within
// a few hundred metres, whose text says much the same — proposed for merging, never merged by
// themselves. Adds to the intake's duplicate rule (same household and category in 30 days, same
// category within 50 m in 7 days: requests.service findDuplicates) what only the text shows.
import { sql } from 'kysely';
import type { DB } from '../../db/connection.ts';
import type { Request } from '../../db/schema.ts';
import { Permission, requestsOwnOnly } from '../../domain/access.ts';
import { STATUS_ZH, type Status } from '../../domain/requests.ts';
import { metres, requestSimilarity, shingles, shingleText } from '../../domain/similarity.ts';
import { requireInScope, requirePermission, type Actor } from '../../platform/access.ts';
import { invalid } from '../../platform/errors.ts';
import { canSee } from '../requests/requests.repo.ts';
import { reference } from '../requests/reference.ts';
import { gazetteer, textWeights } from './places.service.ts';

const DAY = 86_400_000;
/** Similarity a request of the same category (or of an unknown one) needs; another category needs the second. */
export const SIMILAR_THRESHOLD = 0.22, SIMILAR_THRESHOLD_OTHER_CATEGORY = 0.45;
const CANDIDATES = 2000;

export interface SimilarQuery {
  text: string;
  categoryId?: number | null;
  regionId?: number | null;
  householdId?: number | null;
  lat?: number | null; lng?: number | null;
  at?: Date | string | null;
  excludeId?: number | null;
  /** How far back; default 14 days. */
  days?: number;
  /** How near counts outside the community; default 500 m. */
  radiusMetres?: number;
  limit?: number;
}

interface Where { path: string | null; lat: number | null; lng: number | null; via: 'household' | 'region' | 'point' | 'text' | 'none'; name: string | null }

async function whereOf(db: DB, actor: Actor, q: SimilarQuery): Promise<Where> {
  const g = await gazetteer(db);
  if (q.householdId) {
    const h = await db.selectFrom('households').select(['region_path', 'lat', 'lng']).where('id', '=', q.householdId).executeTakeFirst();
    if (!h) throw invalid('householdId', '住户不存在', 'no such household', q.householdId);
    requireInScope(actor, h.region_path, 'householdId');
    return { path: h.region_path, lat: q.lat ?? h.lat, lng: q.lng ?? h.lng, via: 'household', name: null };
  }
  if (q.regionId) {
    const r = g.region(q.regionId);
    if (!r) throw invalid('regionId', '区域不存在', 'no such region', q.regionId);
    requireInScope(actor, r.path, 'regionId');
    return { path: r.path, lat: q.lat ?? null, lng: q.lng ?? null, via: 'region', name: r.name };
  }
  if (q.lat != null && q.lng != null) {
    // The grid the point lies in, by the regions' boxes (close enough to pick the community).
    const grid = await db.selectFrom('regions').select(['path']).where('level', '=', 'grid')
      .where('min_lat', '<=', q.lat).where('max_lat', '>=', q.lat).where('min_lng', '<=', q.lng).where('max_lng', '>=', q.lng).executeTakeFirst();
    return { path: grid?.path ?? null, lat: q.lat, lng: q.lng, via: 'point', name: null };
  }
  // No place given: the place the text names, when it names one clearly and within the actor's area.
  const s = g.suggest(q.text, 3);
  const best = s.candidates[0];
  const scope = actor.scope.regionPath;
  if (best && !s.ambiguous && best.confidence >= 0.5 && scope && best.path.startsWith(scope)) {
    return { path: best.path, lat: best.lat, lng: best.lng, via: 'text', name: best.name };
  }
  return { path: null, lat: null, lng: null, via: 'none', name: null };
}

/**
 * Recent requests like this text: of the same community (or village) or within radiusMetres, in
 * the `days` before `at`, visible to the actor, whose similarity reaches the threshold; best first,
 * each with the reason in Chinese and English. A resident is never shown a neighbour's request.
 */
export async function similarRequests(db: DB, actor: Actor, q: SimilarQuery) {
  requirePermission(actor, Permission.RequestRead);
  const text = (q.text ?? '').trim();
  const at = q.at ? new Date(q.at) : new Date();
  if (Number.isNaN(at.getTime())) throw invalid('at', '时间格式不正确', 'not a valid time', q.at);
  const days = q.days ?? 14, radius = q.radiusMetres ?? 500, limit = q.limit ?? 10;
  const query = shingles(text);
  const g = await gazetteer(db);
  const where = requestsOwnOnly(actor.role) || !query.length ? null : await whereOf(db, actor, q);
  const empty = { items: [] as ReturnType<typeof present>[], area: where ? { via: where.via, name: where.name } : null, threshold: SIMILAR_THRESHOLD };
  if (!where || (where.path === null && where.lat === null)) return empty;

  const community = where.path ? g.communityOfPath(where.path) : null;
  const areaPath = community?.path ?? where.path;
  const from = new Date(at.getTime() - days * DAY), to = new Date(at.getTime() + 60_000);
  const near = where.lat != null && where.lng != null;
  const dLat = radius / 111_320, dLng = near ? radius / (111_320 * Math.cos((where.lat! * Math.PI) / 180)) : 0;
  // Two halves, each on its own index: the area's requests, and those in a box around the point.
  const { rows } = await sql<Request>`
    select * from (
      (select * from requests where ${areaPath !== null} and region_path like ${(areaPath ?? '') + '%'}
         and received_at >= ${from} and received_at <= ${to} and status <> 'merged' and parent_id is null
       order by received_at desc limit ${CANDIDATES})
      union
      (select * from requests where ${near} and lat between ${(where.lat ?? 0) - dLat} and ${(where.lat ?? 0) + dLat}
         and lng between ${(where.lng ?? 0) - dLng} and ${(where.lng ?? 0) + dLng}
         and received_at >= ${from} and received_at <= ${to} and status <> 'merged' and parent_id is null
       order by received_at desc limit ${CANDIDATES})
    ) r`.execute(db);

  const { weight, isPlace } = textWeights(g);
  const ref = await reference(db);
  const out: { r: Request; score: number; distance: number | null; sameArea: boolean; sameCategory: boolean; place: string | null }[] = [];
  for (const r of rows) {
    if (r.id === q.excludeId || !canSee(actor, r)) continue;
    const sameArea = areaPath !== null && r.region_path.startsWith(areaPath);
    const distance = near && r.lat != null && r.lng != null ? metres(where.lat!, where.lng!, r.lat, r.lng) : null;
    if (!sameArea && (distance === null || distance > radius)) continue;
    const sim = requestSimilarity(query, shingles(r.text), { weight, isPlace });
    const sameCategory = q.categoryId == null || q.categoryId === r.category_id;
    if (sim.score < (sameCategory ? SIMILAR_THRESHOLD : SIMILAR_THRESHOLD_OTHER_CATEGORY)) continue;
    const place = sim.sharedPlace !== null ? placeNameOf(g, shingleText(sim.sharedPlace), text) : null;
    out.push({ r, score: sim.score, distance: distance === null ? null : Math.round(distance), sameArea, sameCategory: q.categoryId != null && q.categoryId === r.category_id, place });
  }
  out.sort((a, b) => b.score - a.score || +new Date(b.r.received_at) - +new Date(a.r.received_at) || b.r.id - a.r.id);
  return { ...empty, items: out.slice(0, limit).map((x) => present(x, ref, community?.name ?? null, at)) };
}

/** The road or building name around a shared shingle, as the text writes it (滨海 → 滨海路). */
function placeNameOf(g: Awaited<ReturnType<typeof gazetteer>>, bigram: string, text: string): string {
  const m = g.recognise(text).find((x) => (x.kind === 'road' || x.kind === 'address' || x.kind === 'building') && x.text.includes(bigram));
  return m?.road ?? m?.text ?? bigram;
}

function present(
  x: { r: Request; score: number; distance: number | null; sameArea: boolean; sameCategory: boolean; place: string | null },
  ref: Awaited<ReturnType<typeof reference>>, communityName: string | null, at: Date,
) {
  const { r } = x;
  const pct = Math.round(x.score * 100);
  const ago = Math.max(0, Math.floor((at.getTime() - new Date(r.received_at).getTime()) / DAY));
  const zh = [`文字相似度${pct}%`], en = [`text ${pct}% alike`];
  if (x.place) { zh.push(`都提到${x.place}`); en.push(`both name ${x.place}`); }
  if (x.sameCategory) { zh.push('同类诉求'); en.push('same category'); }
  if (x.sameArea && communityName) { zh.push(`同在${communityName}`); en.push(`both in ${communityName}`); }
  else if (x.distance !== null) { zh.push(`相距约${x.distance}米`); en.push(`${x.distance} m apart`); }
  zh.push(ago === 0 ? '当天' : `${ago}天前`); en.push(ago === 0 ? 'the same day' : `${ago} day${ago > 1 ? 's' : ''} before`);
  const cat = ref.categories.get(r.category_id);
  return {
    id: r.id, code: r.code, text: r.text, status: r.status, statusLabel: STATUS_ZH[r.status as Status],
    category: { id: r.category_id, name: cat?.name ?? null }, region: { id: r.region_id, name: ref.regions.get(r.region_id) ?? null },
    receivedAt: r.received_at, address: r.address, lat: r.lat, lng: r.lng,
    similarity: Math.round(x.score * 100) / 100, distance: x.distance, sameCommunity: x.sameArea,
    reason: zh.join('，'), reason_en: en.join(', '),
  };
}
