import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Idf, shingles } from './similarity.ts';
import { detectTopics, keyOf, labelTerms, type TopicItem } from './topics.ts';

const corpus = path.resolve(import.meta.dirname, '../../corpus/seed');
const idf = new Idf(fs.readdirSync(corpus).flatMap((f) => fs.readFileSync(path.join(corpus, f), 'utf8').split('\n').filter(Boolean)));
const weight = idf.weight;
const roadShingles = new Set([...shingles('滨海路'), ...shingles('和平路')]);
const places = (s: number) => roadShingles.has(s);

/** Twelve people telling the same matter their own way: the street lights of 滨海路 are out. */
export const LIGHTS = [
  '滨海路的路灯坏了好几盏，晚上黑乎乎的',
  '滨海路那边晚上黑灯瞎火的，路灯都不亮',
  '海港社区滨海路路灯不亮已经一个星期了',
  '滨海路路灯不亮，晚上走路害怕，麻烦修一下',
  '反映一下，滨海路上的路灯好多都不亮了',
  '滨海路一到晚上路灯全灭，老人出门不方便',
  '滨海路路灯坏了没人修，晚上黑得看不见路',
  '我家住滨海路，门口那几盏路灯又不亮了',
  '滨海路的路灯一直不亮，孩子晚上放学不安全',
  '滨海路路灯什么时候修？晚上太黑了',
  '滨海路一整条街的路灯都不亮，请尽快处理',
  '晚上滨海路路灯不亮，差点摔一跤',
];
const NOISE = [
  ['楼上邻居半夜装修，电钻声吵得睡不着', 14], ['想咨询一下医保报销需要带什么材料', 13], ['小区门口的垃圾箱满了好几天没人清', 18],
  ['下水道堵了，污水冒到路面上', 28], ['我家老人的低保什么时候发', 23], ['路口红绿灯坏了，车辆乱成一团', 27],
  ['广场舞音响太吵，晚上十点还在跳', 14], ['物业费涨价了，也没开业主大会', 10], ['公交车太少了，等一个小时才来一趟', 20],
  ['菜市场门口乱停车，堵得走不了路', 19], ['孩子上学的事想问问学区怎么划', 5], ['渔船补贴什么时候到账', 1],
] as const;

const DAY = 86_400_000;
const t0 = Date.parse('2026-10-05T09:00:00+08:00');
const A = '/1/2/10/', B = '/1/2/13/', C = '/1/3/16/', D = '/1/3/19/';   // 海港社区, 渔港社区 (both 南城街道), 大钦村, 砣矶村
const street = (area: string) => area.split('/').slice(0, 3).join('/') + '/';

function lights(area: string, startId: number, opts: { days?: number; household?: (i: number) => number | null; texts?: readonly string[]; lat?: number } = {}): TopicItem[] {
  return (opts.texts ?? LIGHTS).map((text, i) => ({
    id: startId + i, text, categoryId: 26, regionPath: `${area}${i % 2 ? 11 : 12}/`, areaKey: area, streetKey: street(area),
    lat: opts.lat ?? 37.05, lng: 120.05 + i * 0.0002, at: t0 + ((i * (opts.days ?? 6)) / LIGHTS.length) * DAY, householdId: opts.household ? opts.household(i) : 1000 + startId + i,
  }));
}
function noise(startId: number): TopicItem[] {
  const areas = [A, B, C, D];
  return Array.from({ length: 48 }, (_, i) => {
    const [text, cat] = NOISE[i % NOISE.length];
    const area = areas[i % 4];
    return { id: startId + i, text, categoryId: cat, regionPath: area + '12/', areaKey: area, streetKey: street(area), lat: 37 + (i % 4) * 0.05, lng: 120 + (i % 4) * 0.05, at: t0 - 4 * DAY + ((i * 7) % 25) * DAY, householdId: 5000 + i };
  });
}
const opts = { weight, places, from: '2026-10-01', to: '2026-10-31' };

describe('hot topics', () => {
  it('finds all twelve 滨海路 street-light requests of one week in one community, and nothing in the noise', () => {
    const items = [...noise(100), ...lights(A, 1)];
    const r = detectTopics(items, opts);
    expect(r.proposals).toHaveLength(1);
    const p = r.proposals[0];
    expect(p.memberIds).toEqual(LIGHTS.map((_, i) => i + 1));
    expect([p.size, p.households, p.mainArea, p.mainCategoryId, p.first, p.last]).toEqual([12, 12, A, 26, '2026-10-05', '2026-10-10']);
    expect(p.trend).toHaveLength(31);
    expect(p.trend.reduce((a, d) => a + d.count, 0)).toBe(12);
    expect(p.trend.find((d) => d.date === '2026-10-05')!.count).toBeGreaterThan(0);
    expect(p.peak7).toBe(12);
    expect(p.label).toMatch(/滨海路|路灯/);
    expect(LIGHTS).toContain(p.sample);
    expect(p.centroid!.lat).toBeCloseTo(37.05, 5);
    expect(p.radiusMetres).toBeLessThan(200);
    expect(p.key).toBe(keyOf(p.memberIds));
  });
  it('the same texts spread over a month and four places are no topic', () => {
    const spread = LIGHTS.slice(0, 8).map((text, i): TopicItem => {
      const area = [A, C, D, B][i % 4];
      return { id: i + 1, text, categoryId: 26, regionPath: area + '11/', areaKey: area, streetKey: street(area), lat: 37 + (i % 4) * 0.1, lng: 120 + (i % 4) * 0.1, at: t0 + (i % 2 ? 24 : 0) * DAY, householdId: i + 1 };
    });
    expect(detectTopics([...spread, ...noise(100)], opts).proposals).toEqual([]);
  });
  it('one household telling it twelve times is not a hot topic', () => {
    expect(detectTopics(lights(A, 1, { household: () => 77 }), opts).proposals).toEqual([]);
    expect(detectTopics(lights(A, 1, { household: (i) => (i < 5 ? 77 : null) }), opts).proposals).toHaveLength(1);   // eight people
  });
  it('two neighbouring communities of one street, close together, make one topic', () => {
    const items = [...lights(A, 1, { texts: LIGHTS.slice(0, 6) }), ...lights(B, 101, { texts: LIGHTS.slice(6) }), ...noise(200)];
    const r = detectTopics(items, opts);
    expect(r.proposals).toHaveLength(1);
    // Each community alone has only six; 全灭 (LIGHTS[5]) is the least like the rest and may stay out.
    expect(r.proposals[0].size).toBeGreaterThanOrEqual(11);
    expect(r.proposals[0].memberIds.every((id) => id < 200)).toBe(true);
    expect(r.proposals[0].areas.map((a) => a.key).sort()).toEqual([A, B]);
  });
  it('but not communities of different streets far apart', () => {
    const items = [...lights(A, 1, { texts: LIGHTS.slice(0, 6), days: 30 }), ...lights(C, 101, { texts: LIGHTS.slice(6), days: 30, lat: 38.2 })];
    expect(detectTopics(items, { ...opts, minSize: 5 }).proposals.map((p) => p.areas.length)).toEqual([1, 1]);
  });
  it('does not put another matter of the same place into the topic', () => {
    const other = [
      '滨海路有个井盖丢了，拿个破筐扣着', '滨海路边上垃圾堆了好几天没人清', '滨海路上有人半夜飙车，吵得睡不着',
    ].map((text, i): TopicItem => ({ id: 900 + i, text, categoryId: [1, 18, 14][i], regionPath: A + '12/', areaKey: A, streetKey: street(A), lat: 37.05, lng: 120.05, at: t0 + i * DAY, householdId: 900 + i }));
    const r = detectTopics([...lights(A, 1), ...other], opts);
    expect(r.proposals).toHaveLength(1);
    expect(r.proposals[0].memberIds.filter((id) => id >= 900)).toEqual([]);
  });
  it('is the same whatever order the requests come in', () => {
    const items = [...noise(100), ...lights(A, 1), ...lights(C, 300, { texts: LIGHTS.map((t) => t.replace('滨海路', '砣矶码头')) })];
    const a = detectTopics(items, opts).proposals.map((p) => p.key);
    const shuffled = [...items].sort((x, y) => ((x.id * 7919) % 101) - ((y.id * 7919) % 101));
    expect(detectTopics(shuffled, opts).proposals.map((p) => p.key)).toEqual(a);
    expect(a).toHaveLength(2);
  });
  it('ranks by people and how much fell in one week', () => {
    const burst = lights(A, 1, { days: 2 });
    const slow = lights(C, 300, { days: 28, texts: LIGHTS.map((t) => t.replace('滨海路', '砣矶码头')) });
    const r = detectTopics([...slow, ...burst], opts);
    expect(r.proposals.map((p) => p.mainArea)).toEqual([A, C]);
    expect(r.proposals[0].score).toBeGreaterThan(r.proposals[1].score);
  });
  it('with LSH alone (as in an area with hundreds of requests a month) still finds the cluster and nothing else', () => {
    const lsh = { ...opts, exactBelow: 0 };
    const r = detectTopics([...noise(100), ...lights(A, 1)], lsh);
    expect(r.proposals).toHaveLength(1);
    // LSH may miss a member whose rarest bigrams are its own (全灭, 老人出门): all but one at worst.
    expect(r.proposals[0].size).toBeGreaterThanOrEqual(11);
    expect(r.proposals[0].memberIds.every((id) => id <= 12)).toBe(true);
    const exact = detectTopics([...noise(100), ...lights(A, 1)], opts);
    expect(exact.stats.comparisons).toBeGreaterThan(r.stats.comparisons);   // the small area was compared exhaustively
    const other = ['滨海路有个井盖丢了，拿个破筐扣着', '滨海路边上垃圾堆了好几天没人清', '滨海路上有人半夜飙车，吵得睡不着']
      .map((text, i): TopicItem => ({ id: 900 + i, text, categoryId: [1, 18, 14][i], regionPath: A + '12/', areaKey: A, streetKey: street(A), lat: 37.05, lng: 120.05, at: t0 + i * DAY, householdId: 900 + i }));
    expect(detectTopics([...lights(A, 1), ...other], lsh).proposals[0].memberIds.filter((id) => id >= 900)).toEqual([]);
  });
  it('copes with empty, tiny and odd input', () => {
    expect(detectTopics([], opts)).toMatchObject({ proposals: [], total: 0 });
    const odd = ['', '😀', 'a', '路', '12345', 'x'.repeat(5000)].map((text, i): TopicItem => ({ id: i + 1, text, regionPath: A, at: t0 }));
    expect(detectTopics(odd, opts).proposals).toEqual([]);
  });
  it('labels a cluster by whole words when given a segmenter', () => {
    const words = (t: string) => t.split(/(滨海路|路灯|不亮|晚上|海港社区|[，。？、])/).flatMap((x) => (/^(滨海路|路灯|不亮|晚上|海港社区)$/.test(x) ? [x] : [...x]));
    const terms = labelTerms(LIGHTS, weight, 3, words);
    expect(terms).toEqual(expect.arrayContaining(['滨海路', '路灯']));
    for (const t of terms) expect(['滨海路', '路灯', '不亮', '晚上', '海港社区']).toContain(t);
  });
  it('labels a cluster by its most characteristic words', () => {
    const terms = labelTerms(LIGHTS, weight);
    expect(terms.length).toBeGreaterThan(0);
    expect(terms.join(' ')).toMatch(/滨海路|路灯/);
  });
});
