// Place names on the database (issue 5 part 5): the gazetteer built from the registries —
// regions, buildings, and the roads and house numbers of household addresses — kept per
// database, and `suggestPlace` for a request's text.
//
// The gazetteer is served from memory for placesCache.freshMs (2 minutes); after that a cheap
// version check (counts and last changes of regions and buildings, the highest household id)
// decides whether it is built again, and it is rebuilt regardless after placesCache.maxAgeMs (30
// minutes: household addresses edited in place).
// A registry write in this process may call forgetPlaces(db) to drop it at once.
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { DB } from '../../db/connection.ts';
import { Permission } from '../../domain/access.ts';
import { Gazetteer, type PlaceCandidate } from '../../domain/places-recognise.ts';
import { Idf, type Weight } from '../../domain/similarity.ts';
import { normaliseText } from '../../domain/classify/normalize.ts';
import { Tokenizer } from '../../domain/classify/tokenize.ts';
import { can, type Actor } from '../../platform/access.ts';
import { AppError } from '../../platform/errors.ts';

/** How long the gazetteer is served without a look at the registries, and its longest life. */
export const placesCache = { freshMs: 2 * 60_000, maxAgeMs: 30 * 60_000 };

interface Entry { version: string; builtAt: number; checkedAt: number; gazetteer: Promise<Gazetteer>; checking: Promise<void> | null }
const cache = new WeakMap<DB, Entry>();

async function registryVersion(db: DB): Promise<string> {
  const { rows } = await sql<{ v: string }>`select concat_ws(':',
      (select count(*) from regions), (select max(updated_at) from regions),
      (select count(*) from buildings), (select max(updated_at) from buildings),
      (select max(id) from households)) as v`.execute(db);
  return rows[0]?.v ?? '';
}

async function build(db: DB): Promise<Gazetteer> {
  const [regions, buildings, addresses] = await Promise.all([
    db.selectFrom('regions').select(['id', 'parent_id', 'level', 'name', 'path', 'kind', 'center_lat', 'center_lng']).execute(),
    db.selectFrom('buildings').select(['id', 'name', 'address', 'region_id', 'lat', 'lng']).execute(),
    // Household addresses up to their house number, one row per region and distinct head: a
    // building's hundreds of flats are one row, and a village's addresses without a road none.
    sql<{ region_id: number; head: string; n: number }>`
      select region_id, substring(address from '^(.*?[0-9]+号)') as head, count(*)::int as n
      from households where address ~ '(路|街|巷|大道|胡同)[0-9]+号'
      group by 1, 2`.execute(db).then((r) => r.rows),
  ]);
  return new Gazetteer({
    regions: regions.map((r) => ({ id: r.id, parentId: r.parent_id, level: r.level, name: r.name, path: r.path, kind: r.kind, lat: r.center_lat, lng: r.center_lng })),
    buildings: buildings.map((b) => ({ id: b.id, name: b.name, address: b.address, regionId: b.region_id, lat: b.lat, lng: b.lng })),
    addresses: addresses.filter((a) => a.head).map((a) => ({ regionId: a.region_id, address: a.head, count: Number(a.n) })),
  });
}

/** The database's gazetteer (see the top of this file for when it is built again). */
export async function gazetteer(db: DB): Promise<Gazetteer> {
  const now = Date.now();
  const hit = cache.get(db);
  if (hit && now - hit.builtAt < placesCache.maxAgeMs) {
    if (now - hit.checkedAt < placesCache.freshMs) return hit.gazetteer;
    // Past its fresh time: one version check (shared by concurrent callers) decides.
    hit.checking ??= registryVersion(db).then((v) => {
      if (v === hit.version) hit.checkedAt = Date.now();
      else if (cache.get(db) === hit) cache.delete(db);
    }).finally(() => { hit.checking = null; });
    await hit.checking;
    const again = cache.get(db);
    if (again === hit) return hit.gazetteer;
    if (again) return again.gazetteer;
  }
  const version = await registryVersion(db);
  const current = cache.get(db);
  if (current && current !== hit && current.version === version) return current.gazetteer;
  const entry: Entry = { version, builtAt: Date.now(), checkedAt: Date.now(), gazetteer: build(db), checking: null };
  cache.set(db, entry);
  entry.gazetteer.catch(() => { if (cache.get(db) === entry) cache.delete(db); });
  return entry.gazetteer;
}

/** Drop the cached gazetteer (after a registry write in this process). */
export function forgetPlaces(db: DB): void { cache.delete(db); }

// ---------------------------------------------------------------- text weights

let background: Idf | null = null;
/**
 * Background document frequencies of shingles, from the seed corpus (corpus/seed/*.txt): what
 * every request says weighs little. Without the corpus (an install that left it out) every
 * shingle weighs the same.
 */
export function backgroundIdf(): Idf {
  if (background) return background;
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../corpus/seed');
  const lines: string[] = [];
  try {
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.txt')).sort()) {
      for (const l of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) if (l.trim()) lines.push(l.trim());
    }
  } catch { /* no corpus: uniform weights */ }
  return (background = new Idf(lines));
}

/** The weights for comparing request texts in this district: corpus idf, region names a third. */
export function textWeights(g: Gazetteer): { weight: Weight; isPlace: (s: number) => boolean } {
  const idf = backgroundIdf();
  const regional = g.nameWeights(), places = g.placeShingles();
  return { weight: (s) => idf.weight(s) * (regional.get(s) ?? 1), isPlace: (s) => places.has(s) };
}

// ---------------------------------------------------------------- suggestPlace

export interface SuggestedPlace extends PlaceCandidate { inScope: boolean; gridName: string | null }

/**
 * Where a request's text says its matter is: the place names it mentions and the candidate
 * places, best first — those inside the actor's area before those outside it — each with its
 * confidence and reason. Never applied by itself: the form shows it as a choice.
 */
export async function suggestPlace(db: DB, actor: Actor, text: string) {
  if (!can(actor, Permission.RequestCreate) && !can(actor, Permission.RegionRead)) {
    throw new AppError('FORBIDDEN', [{ field: 'permission', reason: `缺少权限 ${Permission.RequestCreate}`, reason_en: `missing permission ${Permission.RequestCreate}` }]);
  }
  const g = await gazetteer(db);
  const s = g.suggest(text, 8);
  const scope = actor.scope.regionPath;
  const candidates: SuggestedPlace[] = s.candidates.map((c) => ({
    ...c, inScope: !!scope && c.path.startsWith(scope), gridName: c.gridId !== null ? g.region(c.gridId)?.name ?? null : null,
  }));
  const ranked = [...candidates.filter((c) => c.inScope), ...candidates.filter((c) => !c.inScope)];
  return {
    text,
    mentions: s.mentions.map((m) => ({ text: m.text, start: m.start, end: m.end, kind: m.kind, form: m.form, road: m.road ?? null, number: m.number ?? null, nearestNumber: m.nearestNumber ?? null, regionIds: m.regionIds.slice(0, 20), buildingIds: m.buildingIds })),
    candidates: ranked,
    best: ranked[0] ?? null,
    ambiguous: s.ambiguous,
  };
}

// ---------------------------------------------------------------- words

const segmenters = new WeakMap<Gazetteer, (text: string) => string[]>();

/**
 * Words of a text as jieba cuts them, with the district's road and region names kept whole
 * (滨海路, 海港社区): what a hot topic's label is made of. One tokenizer per gazetteer.
 */
export function placeWords(g: Gazetteer): (text: string) => string[] {
  let seg = segmenters.get(g);
  if (!seg) {
    const names = [...g.roads.keys(), ...[...g.regions.values()].map((r) => r.name)];
    const tokenizer = new Tokenizer({ extraWords: names });
    seg = (text) => tokenizer.words(normaliseText(text).text);
    segmenters.set(g, seg);
  }
  return seg;
}
