// Place names in a request's text (issue 5 part 5), pure: recognise the streets, communities,
// villages, grids, buildings and roads a text mentions, match them against the registries, and
// suggest where the matter is — the most specific region the mentions support, with a confidence
// and the reason, in Chinese and English. A name two places share (the same road in two
// communities) gives several candidates, ranked, never one silently picked.
//
// The gazetteer is built from registry rows:
//   regions    every level, by full name (海港社区, 王沟村, 南城街道, 海港社区第1网格) and by the
//              short form people say (海港, 王沟, 南城; 海港第1网格). A short form must keep two
//              characters, and a village's two-character short form that is an everyday word
//              (沙滩, 山后) is not used.
//   buildings  by name when the name says more than a number (滨海路3号楼, 花沟村村委会; not 3号楼).
//   roads      taken from building and household addresses after their region-name prefix:
//              …路/街/巷/大道/胡同 with the house number (滨海路3号), so a number pins the grid.
// Matching folds the text first (traditional → simplified, full-width → half-width, spaces
// dropped), scans left to right taking the longest name at each position, and reads a house
// number after a road (digits or 三号, 二十四号) and a grid after a community (海港社区第二网格).
import { foldText, isHan, shingles } from './similarity.ts';

export type RegionLevel = 'district' | 'street' | 'community' | 'grid';
export type PlaceKind = 'district' | 'street' | 'community' | 'village' | 'grid' | 'building' | 'road' | 'address';

export interface RegionRow { id: number; parentId: number | null; level: RegionLevel; name: string; path: string; kind?: string | null; lat?: number | null; lng?: number | null }
export interface BuildingRow { id: number; name: string; address: string | null; regionId: number; lat?: number | null; lng?: number | null }
/** A household address (or many households sharing one, with their count). */
export interface AddressRow { regionId: number; address: string; count?: number }

export interface RegionInfo {
  id: number; parentId: number | null; level: RegionLevel; kind: PlaceKind; name: string; path: string;
  lat: number | null; lng: number | null;
  /** The grids (leaf regions) under it; itself when it is one. */
  leaves: number[];
  /** Its ancestor (or itself) at community and street level. */
  community: number | null; street: number | null;
}

interface NameEntry { kind: PlaceKind; form: 'full' | 'short'; regionId?: number; buildingId?: number; road?: string }
interface NumberInfo { grids: Map<number, number>; buildingId: number | null }
interface RoadInfo { name: string; grids: Map<number, number>; numbers: Map<number, NumberInfo> }
interface BuildingInfo { id: number; name: string; gridId: number; lat: number | null; lng: number | null }

/** Two-character words people use every day that also happen to be villages' short names. */
const EVERYDAY = new Set('沙滩 山后 山前 山上 山下 西山 东山 南山 北山 前坡 后坡 石板 东村 西村 南村 北村 前村 后村 中心 花园 文化 学府 和平 建设 人民 振兴 新港 后口 大口 井口 东口 西口 路口 海边 岛上 码头 上面 下面 前面 后面'.split(' '));
const ROAD_SUFFIX = /(大道|胡同|路|街|巷)$/;
const ROAD_IN_ADDRESS = /^([\u3400-\u9fff]{1,10}?(?:大道|胡同|路|街|巷))(\d{1,5})号/;
const NOT_IN_ROAD = /[区村镇乡楼号室单元社栋层幢]/;
const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 三 → 3, 十二 → 12, 二十四 → 24, 一百零五 → 105; null when it is not a plain number. */
export function chineseNumber(s: string): number | null {
  if (!s) return null;
  if (/^\d+$/.test(s)) return Number(s);
  let total = 0, digit = -1;
  for (const ch of s) {
    if (ch in CN_DIGITS) { digit = CN_DIGITS[ch]; continue; }
    const unit = ch === '十' ? 10 : ch === '百' ? 100 : ch === '千' ? 1000 : 0;
    if (!unit) return null;
    total += (digit < 0 ? 1 : digit) * unit;
    digit = -1;
  }
  return total + (digit > 0 ? digit : 0);
}

/** A region's name without its level's suffix (海港社区 → 海港, 王沟村 → 王沟, 南城街道 → 南城), or null. */
export function shortName(name: string, level: RegionLevel, village: boolean): string | null {
  const suffix = level === 'street' ? /(街道办事处|街道|乡|镇)$/ : level === 'community' ? (village ? /(村民委员会|村委会|村)$/ : /(社区居委会|社区|居委会)$/)
    : level === 'district' ? /(新区|区|县|市)$/ : null;
  if (!suffix) return null;
  const s = name.replace(suffix, '');
  if (s === name || s.length < 2) return null;
  if (village && s.length === 2 && EVERYDAY.has(s)) return null;
  return s;
}

/** The road and house number an address names after its region-name prefix: 滨海路3号1单元 → 滨海路, 3. */
export function roadOfAddress(address: string, prefixNames: string[]): { road: string; number: number } | null {
  let from = 0;
  for (const n of prefixNames) {
    if (!n) continue;
    const at = address.lastIndexOf(n);
    if (at >= 0) from = Math.max(from, at + n.length);
  }
  const tail = address.slice(from).replace(/^[\s,，、:：-]+/, '').replace(/\s+/g, '');
  const m = ROAD_IN_ADDRESS.exec(tail);
  if (!m) return null;
  const road = m[1];
  if (road.length < 2 || NOT_IN_ROAD.test(road)) return null;
  return { road, number: Number(m[2]) };
}

export interface PlaceMention {
  /** The words as written in the text. */
  text: string;
  /** Where they are in the original text (UTF-16 offsets, end exclusive). */
  start: number; end: number;
  kind: PlaceKind;
  /** 'short' when a region was named without its suffix (海港 for 海港社区). */
  form: 'full' | 'short';
  /** The regions it names: the region itself, a building's or a house number's grid, the grids a road runs through. */
  regionIds: number[];
  buildingIds: number[];
  road?: string;
  number?: number;
  /** For a house number not in the registry: the nearest registered number on the road. */
  nearestNumber?: number;
}

export interface PlaceCandidate {
  regionId: number;
  level: RegionLevel;
  kind: PlaceKind;
  name: string;
  /** The chain from the street down, e.g. 南城街道 / 海港社区 / 海港社区第1网格. */
  fullName: string;
  path: string;
  /** The grid, when the mentions pin one (a building, a house number, a grid's name) or the region has only one. */
  gridId: number | null;
  buildingId: number | null;
  lat: number | null; lng: number | null;
  /** Where lat/lng come from: the building's own point, or the region's centre (not a place to mark a request at). */
  pointFrom: 'building' | 'region' | null;
  /** Sum of the weights of the mentions that support it. */
  score: number;
  confidence: number;
  /** Indexes into the mentions that support it. */
  mentions: number[];
  reason: string; reason_en: string;
}

export interface PlaceSuggestion {
  mentions: PlaceMention[];
  candidates: PlaceCandidate[];
  /** More than one candidate is about as well supported as the best: ask, do not pick. */
  ambiguous: boolean;
}

const KIND_ZH: Record<PlaceKind, string> = { district: '区县', street: '街道/乡镇', community: '社区', village: '村', grid: '网格', building: '楼宇', road: '道路', address: '门牌' };
const KIND_EN: Record<PlaceKind, string> = { district: 'district', street: 'sub-district/township', community: 'community', village: 'village', grid: 'grid', building: 'building', road: 'road', address: 'house number' };

/**
 * How much a mention supports a place it names, how sure it makes us on its own, and whether it
 * pins a grid. A region mention is weighed by the region it names (大钦 may be 大钦村 or 大钦乡),
 * and by whether it was named in full or by its short form.
 */
function weightOf(m: PlaceMention, target: RegionInfo | null, short: boolean): { w: number; c: number; pins: boolean } {
  const kind = m.kind === 'road' || m.kind === 'address' || m.kind === 'building' ? m.kind : target?.kind ?? m.kind;
  switch (kind) {
    case 'grid': return { w: 1, c: 0.9, pins: true };
    case 'building': return { w: 1, c: 0.9, pins: true };
    case 'address': return m.nearestNumber !== undefined ? { w: 0.85, c: 0.7, pins: true } : { w: 1, c: 0.9, pins: true };
    case 'road': return { w: 0.6, c: 0.5, pins: false };
    case 'community': case 'village': {
      const weak = short || (target?.name.length ?? 0) <= 2;
      return weak ? (kind === 'village' ? { w: 0.5, c: 0.45, pins: false } : { w: 0.7, c: 0.6, pins: false }) : { w: 0.9, c: 0.8, pins: false };
    }
    case 'street': return short ? { w: 0.4, c: 0.3, pins: false } : { w: 0.5, c: 0.4, pins: false };
    default: return { w: 0, c: 0, pins: false };
  }
}

export class Gazetteer {
  readonly regions = new Map<number, RegionInfo>();
  readonly buildings = new Map<number, BuildingInfo>();
  readonly roads = new Map<string, RoadInfo>();
  private readonly names = new Map<string, NameEntry[]>();
  /** Per first code unit, the lengths of the names starting with it, longest first. */
  private readonly lengths = new Map<number, number[]>();
  private shingleSets: { specific: Set<number>; regional: Set<number> } | null = null;

  constructor(input: { regions: RegionRow[]; buildings?: BuildingRow[]; addresses?: AddressRow[] }) {
    this.loadRegions(input.regions);
    for (const b of input.buildings ?? []) this.addBuilding(b);
    for (const a of input.addresses ?? []) this.addAddress(a.regionId, a.address, a.count ?? 1, null);
    for (const [name, list] of this.names) {
      const c = name.charCodeAt(0);
      const ls = this.lengths.get(c) ?? [];
      if (!ls.includes(name.length)) ls.push(name.length);
      this.lengths.set(c, ls);
      // One entry per place: a name added twice for the same region (full and short alike) keeps the full one.
      const seen = new Set<string>();
      this.names.set(name, list.filter((e) => { const k = `${e.kind}:${e.regionId ?? ''}:${e.buildingId ?? ''}:${e.road ?? ''}`; if (seen.has(k)) return false; seen.add(k); return true; }));
    }
    for (const ls of this.lengths.values()) ls.sort((a, b) => b - a);
  }

  get size() { return { regions: this.regions.size, buildings: this.buildings.size, roads: this.roads.size, names: this.names.size }; }

  private addName(name: string, e: NameEntry) {
    const n = foldText(name).text;
    if (n.length < 2) return;
    const list = this.names.get(n);
    if (list) list.push(e); else this.names.set(n, [e]);
  }

  private loadRegions(rows: RegionRow[]) {
    const children = new Map<number, number[]>();
    for (const r of rows) if (r.parentId !== null) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r.id]);
    for (const r of rows) {
      const village = r.level === 'community' && (r.kind === 'fishing' || r.kind === 'village' || /村$/.test(r.name));
      const kind: PlaceKind = r.level === 'community' ? (village ? 'village' : 'community') : r.level;
      this.regions.set(r.id, { id: r.id, parentId: r.parentId, level: r.level, kind, name: r.name, path: r.path, lat: r.lat ?? null, lng: r.lng ?? null, leaves: [], community: null, street: null });
    }
    // Leaves bottom-up (deepest paths first), ancestors top-down.
    const byDepth = [...this.regions.values()].sort((a, b) => b.path.length - a.path.length);
    for (const r of byDepth) {
      const kids = children.get(r.id) ?? [];
      if (!kids.length) r.leaves = [r.id];
      else r.leaves = kids.flatMap((k) => this.regions.get(k)?.leaves ?? []);
    }
    for (const r of [...byDepth].reverse()) {
      const p = r.parentId !== null ? this.regions.get(r.parentId) : undefined;
      r.community = r.level === 'community' ? r.id : r.level === 'grid' ? p?.community ?? null : null;
      r.street = r.level === 'street' ? r.id : r.level === 'community' || r.level === 'grid' ? p?.street ?? null : null;
    }
    for (const r of this.regions.values()) {
      this.addName(r.name, { kind: r.kind, form: 'full', regionId: r.id });
      const s = shortName(r.name, r.level, r.kind === 'village');
      if (s) this.addName(s, { kind: r.kind, form: 'short', regionId: r.id });
      if (r.level === 'grid' && r.parentId !== null) {
        // 海港社区第1网格 is also said 海港第1网格.
        const parent = this.regions.get(r.parentId)!;
        const ps = shortName(parent.name, parent.level, parent.kind === 'village');
        if (ps && r.name.startsWith(parent.name)) this.addName(ps + r.name.slice(parent.name.length), { kind: 'grid', form: 'short', regionId: r.id });
      }
    }
  }

  /** The full names of a region and its ancestors: the prefix addresses start with. */
  private chainNames(regionId: number): string[] {
    const out: string[] = [];
    for (let r = this.regions.get(regionId); r; r = r.parentId !== null ? this.regions.get(r.parentId) : undefined) out.push(r.name);
    return out;
  }

  private addAddress(regionId: number, address: string, count: number, buildingId: number | null) {
    if (!this.regions.has(regionId)) return;
    const hit = roadOfAddress(address, this.chainNames(regionId));
    if (!hit) return;
    let road = this.roads.get(hit.road);
    if (!road) {
      road = { name: hit.road, grids: new Map(), numbers: new Map() };
      this.roads.set(hit.road, road);
      this.addName(hit.road, { kind: 'road', form: 'full', road: hit.road });
    }
    road.grids.set(regionId, (road.grids.get(regionId) ?? 0) + count);
    let num = road.numbers.get(hit.number);
    if (!num) { num = { grids: new Map(), buildingId: null }; road.numbers.set(hit.number, num); }
    num.grids.set(regionId, (num.grids.get(regionId) ?? 0) + count);
    if (buildingId !== null && num.buildingId === null) num.buildingId = buildingId;
  }

  private addBuilding(b: BuildingRow) {
    if (!this.regions.has(b.regionId)) return;
    this.buildings.set(b.id, { id: b.id, name: b.name, gridId: b.regionId, lat: b.lat ?? null, lng: b.lng ?? null });
    // A name that says more than its number (滨海路3号楼, 花沟村村委会), not 3号楼 or 1栋.
    const telling = [...b.name].filter((ch) => isHan(ch.charCodeAt(0)) && !'号楼栋幢座单元层室'.includes(ch)).length;
    if (b.name.length >= 3 && telling >= 2) this.addName(b.name, { kind: 'building', form: 'full', buildingId: b.id });
    if (b.address) this.addAddress(b.regionId, b.address, 1, b.id);
  }

  /**
   * Shingles of road and building names (滨海 海路): two texts naming the same road likely mean the
   * same matter, two naming different roads likely not. Shingles a region's name shares (海港 of
   * 海港路 and 海港社区) and generic parts (社区, 网格) are left out.
   */
  placeShingles(): Set<number> {
    if (!this.shingleSets) this.shingleSets = this.nameShingles();
    return this.shingleSets.specific;
  }

  /**
   * How much a region name's shingle counts when comparing two texts: a third of an ordinary word,
   * since requests are compared within their area anyway and everyone there names it.
   */
  nameWeights(): Map<number, number> {
    if (!this.shingleSets) this.shingleSets = this.nameShingles();
    return new Map([...this.shingleSets.regional].map((s) => [s, 1 / 3]));
  }

  private nameShingles() {
    const generic = new Set([...shingles('社区街道网格小区村委居委会')]);
    const specific = new Set<number>(), regional = new Set<number>();
    for (const [name, entries] of this.names) {
      const target = entries.some((e) => e.kind === 'road' || e.kind === 'building') ? specific : regional;
      for (const s of shingles(name)) if (!generic.has(s)) target.add(s);
    }
    for (const s of regional) specific.delete(s);
    return { specific, regional };
  }

  region(id: number): RegionInfo | undefined { return this.regions.get(id); }

  /** The ancestor of a region path at community level (its own id when it is one), from the path's ids. */
  communityOfPath(path: string): RegionInfo | null {
    for (const seg of path.split('/')) {
      const r = this.regions.get(Number(seg));
      if (r?.level === 'community') return r;
    }
    return null;
  }
  streetOfPath(path: string): RegionInfo | null {
    for (const seg of path.split('/')) {
      const r = this.regions.get(Number(seg));
      if (r?.level === 'street') return r;
    }
    return null;
  }

  /** 南城街道 / 海港社区 / 海港社区第1网格 (the district left out). */
  fullName(id: number): string {
    const out: string[] = [];
    for (let r = this.regions.get(id); r && r.level !== 'district'; r = r.parentId !== null ? this.regions.get(r.parentId) : undefined) out.unshift(r.name);
    return out.join(' / ') || this.regions.get(id)?.name || '';
  }

  /** Every place name the text mentions, left to right, the longest name at each position. */
  recognise(text: string): PlaceMention[] {
    const { text: t, index } = foldText(text.length > 10_000 ? text.slice(0, 10_000) : text);
    const out: PlaceMention[] = [];
    const orig = (a: number, b: number) => ({ start: index[a], end: index[b - 1] + 1 });
    let i = 0;
    while (i < t.length) {
      const lens = this.lengths.get(t.charCodeAt(i));
      let found: { len: number; entries: NameEntry[] } | null = null;
      if (lens) for (const len of lens) {
        if (i + len > t.length) continue;
        const entries = this.names.get(t.slice(i, i + len));
        if (entries) { found = { len, entries }; break; }
      }
      if (!found) { i++; continue; }
      let end = i + found.len;
      const entries = found.entries;
      const road = entries.find((e) => e.kind === 'road');
      let mention: PlaceMention | null = null;
      if (road) {
        mention = this.roadMention(t, i, end, road.road!);
        end = mention.end; // folded offsets until the span is mapped back below
      } else {
        const regionIds = entries.filter((e) => e.regionId !== undefined).map((e) => e.regionId!);
        const buildingIds = entries.filter((e) => e.buildingId !== undefined).map((e) => e.buildingId!);
        const kinds = new Set(entries.map((e) => e.kind));
        const kind: PlaceKind = buildingIds.length ? 'building' : [...(['grid', 'village', 'community', 'street', 'district'] as PlaceKind[])].find((k) => kinds.has(k)) ?? entries[0].kind;
        mention = {
          text: '', start: i, end, kind, form: entries.every((e) => e.form === 'short') ? 'short' : 'full',
          regionIds: buildingIds.length ? [...new Set(buildingIds.map((b) => this.buildings.get(b)!.gridId))] : regionIds, buildingIds,
        };
        // 海港社区第二网格, 海港第2网格, 花沟村网格: a community followed by a grid of its own.
        if (kind === 'community' || kind === 'village') {
          const g = /^(第)?(\d{1,3}|[一二三四五六七八九十]{1,3})?(号)?网格/.exec(t.slice(end, end + 8));
          if (g) {
            const n = g[2] ? chineseNumber(g[2]) : null;
            const grids = regionIds.flatMap((id) => (this.regions.get(id)?.leaves ?? []).map((x) => this.regions.get(x)!))
              .filter((x) => x.level === 'grid' && (n === null ? true : new RegExp(`第?${n}网格$`).test(x.name)));
            const pick = n === null ? grids.filter((x) => (this.regions.get(x.parentId!)?.leaves.length ?? 0) === 1) : grids;
            if (pick.length) { end += g[0].length; mention = { ...mention, end, kind: 'grid', regionIds: pick.map((x) => x.id) }; }
          }
        }
      }
      const span = orig(i, end);
      out.push({ ...mention, ...span, text: text.slice(span.start, span.end) });
      i = end;
    }
    return out;
  }

  /** A road at folded offsets [i, end), with the house number after it when there is one (folded offsets returned). */
  private roadMention(t: string, i: number, end: number, name: string): PlaceMention {
    const road = this.roads.get(name)!;
    const m = /^(\d{1,5}|[零〇一二三四五六七八九十百两]{1,6})号/.exec(t.slice(end, end + 8));
    const number = m ? chineseNumber(m[1]) : null;
    const grids = [...road.grids.keys()];
    if (number === null) return { text: '', start: i, end, kind: 'road', form: 'full', regionIds: grids, buildingIds: [], road: name };
    const stop = end + m![0].length;
    const exact = road.numbers.get(number);
    if (exact) {
      return { text: '', start: i, end: stop, kind: 'address', form: 'full', regionIds: [...exact.grids.keys()], buildingIds: exact.buildingId !== null ? [exact.buildingId] : [], road: name, number };
    }
    let nearest: number | null = null;
    for (const k of road.numbers.keys()) if (Math.abs(k - number) <= 10 && (nearest === null || Math.abs(k - number) < Math.abs(nearest - number))) nearest = k;
    if (nearest === null) return { text: '', start: i, end: stop, kind: 'road', form: 'full', regionIds: grids, buildingIds: [], road: name, number };
    const near = road.numbers.get(nearest)!;
    return { text: '', start: i, end: stop, kind: 'address', form: 'full', regionIds: [...near.grids.keys()], buildingIds: [], road: name, number, nearestNumber: nearest };
  }

  /** Where the text's matter most likely is: candidates ranked, each with its confidence and reason. */
  suggest(text: string, limit = 5): PlaceSuggestion {
    return this.resolve(this.recognise(text), limit);
  }

  resolve(mentions: PlaceMention[], limit = 5): PlaceSuggestion {
    // Score every grid by the mentions that cover it; the best-covered grids, grouped by the
    // community (or street) they belong to, are the candidates.
    const score = new Map<number, number>();
    const prior = new Map<number, number>();
    /** grid → mention index → how sure that mention alone makes us. */
    const support = new Map<number, Map<number, number>>();
    /** Grids some mention names at community level or finer (not only through a street or the district). */
    const fineGrids = new Set<number>();
    mentions.forEach((m, mi) => {
      const folded = foldText(m.text).text;
      const covered = new Map<number, { w: number; c: number; fine: boolean }>();
      for (const rid of m.regionIds) {
        const r = this.regions.get(rid);
        if (!r) continue;
        const short = ['district', 'street', 'community', 'village', 'grid'].includes(m.kind) && folded !== foldText(r.name).text;
        const { w, c } = weightOf(m, r, short);
        if (!w) continue;
        const fine = r.level === 'community' || r.level === 'grid';
        for (const g of r.leaves) { const x = covered.get(g); if (!x || x.w < w) covered.set(g, { w, c, fine: fine || (x?.fine ?? false) }); }
      }
      // A road's grids are told apart by how many addresses it has in each (its main stretch first).
      const counts = m.road ? (m.kind === 'address' ? this.roads.get(m.road)?.numbers.get(m.nearestNumber ?? m.number!)?.grids : this.roads.get(m.road)?.grids) : undefined;
      const total = counts ? [...counts.values()].reduce((a, b) => a + b, 0) : 0;
      for (const [g, { w, c, fine }] of covered) {
        score.set(g, (score.get(g) ?? 0) + w);
        if (fine) fineGrids.add(g);
        if (counts && total) prior.set(g, (prior.get(g) ?? 0) + (counts.get(g) ?? 0) / total);
        let s = support.get(g);
        if (!s) support.set(g, (s = new Map()));
        s.set(mi, c);
      }
    });
    if (!score.size) return { mentions, candidates: [], ambiguous: false };
    const best = Math.max(...score.values());
    // Group the grids worth showing by the finest level their mentions can tell apart.
    interface Group { region: RegionInfo; grids: number[]; score: number; prior: number; mentions: Map<number, number> }
    const groups = new Map<number, Group>();
    const merge = (into: Map<number, number>, from: Map<number, number>) => { for (const [k, v] of from) into.set(k, Math.max(into.get(k) ?? 0, v)); };
    for (const [g, s] of score) {
      if (s < best * 0.5) continue;
      const grid = this.regions.get(g)!;
      const ms = support.get(g)!;
      const key = fineGrids.has(g) ? grid.community ?? grid.id : grid.street ?? grid.community ?? grid.id;
      let grp = groups.get(key);
      if (!grp) groups.set(key, (grp = { region: this.regions.get(key)!, grids: [], score: 0, prior: 0, mentions: new Map() }));
      if (s > grp.score + 1e-9) { grp.score = s; grp.grids = [g]; grp.prior = prior.get(g) ?? 0; grp.mentions = new Map(ms); }
      else if (Math.abs(s - grp.score) <= 1e-9) { grp.grids.push(g); grp.prior += prior.get(g) ?? 0; merge(grp.mentions, ms); }
    }
    const list = [...groups.values()].sort((a, b) => b.score - a.score || b.prior - a.prior || a.region.path.localeCompare(b.region.path));
    const top = list.filter((x) => x.score >= list[0].score * 0.75);
    const ambiguous = top.length > 1;
    const priorSum = top.reduce((a, x) => a + x.prior, 0);
    const candidates = list.slice(0, limit).map((grp): PlaceCandidate => {
      const ms = [...grp.mentions.keys()].sort((a, b) => a - b);
      const single = grp.grids.length === 1 ? this.regions.get(grp.grids[0])! : null;
      const pins = (m: PlaceMention) => m.kind === 'grid' || m.kind === 'building' || m.kind === 'address';
      const pinned = single !== null && ms.some((mi) => pins(mentions[mi]) && mentions[mi].regionIds.includes(single.id));
      const region = pinned ? single! : grp.region;
      const onlyGrid = region.leaves.length === 1 ? this.regions.get(region.leaves[0])! : null;
      const grid = pinned ? single : onlyGrid && onlyGrid.level === 'grid' ? onlyGrid : null;
      const buildingId = pinned ? ms.flatMap((mi) => mentions[mi].buildingIds).find((b) => this.buildings.get(b)?.gridId === single!.id) ?? null : null;
      const building = buildingId !== null ? this.buildings.get(buildingId)! : null;
      let conf = 1 - [...grp.mentions.values()].reduce((p, c) => p * (1 - c), 1);
      if (ambiguous && top.includes(grp)) conf *= priorSum > 0 ? Math.max(grp.prior / priorSum, 1 / (top.length * 2)) : 1 / top.length;
      else if (!top.includes(grp)) conf *= (grp.score / list[0].score) ** 2 * 0.5;
      const { zh, en } = this.reasonOf(mentions, ms, region, ambiguous && top.includes(grp) ? top.filter((x) => x !== grp).map((x) => x.region.name) : []);
      return {
        regionId: region.id, level: region.level, kind: region.kind, name: region.name, fullName: this.fullName(region.id), path: region.path,
        gridId: grid?.id ?? null, buildingId, lat: building?.lat ?? region.lat, lng: building?.lng ?? region.lng,
        pointFrom: building?.lat != null && building?.lng != null ? 'building' : region.lat != null && region.lng != null ? 'region' : null,
        score: Math.round(grp.score * 100) / 100, confidence: Math.round(Math.min(0.99, conf) * 100) / 100, mentions: ms, reason: zh, reason_en: en,
      };
    });
    return { mentions, candidates, ambiguous };
  }

  private reasonOf(mentions: PlaceMention[], ms: number[], region: RegionInfo, others: string[]): { zh: string; en: string } {
    const zh: string[] = [], en: string[] = [];
    for (const mi of ms) {
      const m = mentions[mi];
      const names = (ids: number[]) => [...new Set(ids.map((id) => this.regions.get(id)?.name).filter(Boolean))].slice(0, 4).join('、');
      if (m.kind === 'address') {
        const where = names(m.regionIds);
        if (m.nearestNumber !== undefined) {
          zh.push(`“${m.text}”（门牌未登记，最近的${m.road}${m.nearestNumber}号在${where}）`);
          en.push(`"${m.text}" (number not registered; the nearest, ${m.road} ${m.nearestNumber}, is in ${where})`);
        } else { zh.push(`“${m.text}”（门牌，登记在${where}）`); en.push(`"${m.text}" (a registered address in ${where})`); }
      } else if (m.kind === 'road') {
        const communities = [...new Set(m.regionIds.map((g) => this.regions.get(g)?.community).filter((x): x is number => x !== null && x !== undefined))];
        zh.push(`“${m.text}”（道路，经过${communities.length > 1 ? `${communities.length}个社区/村` : names(communities)}）`);
        en.push(`"${m.text}" (a road through ${communities.length > 1 ? `${communities.length} communities/villages` : names(communities)})`);
      } else if (m.kind === 'building') {
        zh.push(`“${m.text}”（楼宇，在${names(m.regionIds)}）`); en.push(`"${m.text}" (a building in ${names(m.regionIds)})`);
      } else {
        const short = m.form === 'short' ? (m.regionIds.length === 1 ? `${this.regions.get(m.regionIds[0])?.name}的简称` : '简称') : KIND_ZH[m.kind];
        zh.push(`“${m.text}”（${short}）`);
        en.push(`"${m.text}" (${m.form === 'short' ? `short for ${m.regionIds.length === 1 ? this.regions.get(m.regionIds[0])?.name : 'several places'}` : KIND_EN[m.kind]})`);
      }
    }
    let z = `依据${zh.join('、')}，定位到${region.name}`;
    let e = `from ${en.join(', ')}: ${region.name}`;
    if (others.length) {
      z += `；${others.slice(0, 3).join('、')}也有同名地点，请确认`;
      e += `; ${others.slice(0, 3).join(', ')} ${others.length > 1 ? 'have' : 'has'} a place of the same name too — please confirm`;
    }
    return { zh: z, en: e };
  }
}

export function buildGazetteer(input: { regions: RegionRow[]; buildings?: BuildingRow[]; addresses?: AddressRow[] }): Gazetteer {
  return new Gazetteer(input);
}

/** Does the name end like a road (路, 街, 巷, 大道, 胡同)? */
export const isRoadName = (s: string) => ROAD_SUFFIX.test(s);
