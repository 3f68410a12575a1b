// Synthetic requests (诉求、意见建议) for the demo district, pure and deterministic: the same
// options always give the same drafts. At scale 1 the totals follow the published 长岛 figures:
// 1,013 requests, 585 resolved or closed, 204 constrained (疑难受限), 224 still under way.
// Texts are composed from per-category phrase material in ./request-texts/.
import { ROADS } from './places.ts';
import { apportion, chance, int, pick, rngFor, weighted, type Rng } from './random.ts';
import type { CategoryTexts } from './request-texts/types.ts';
import { TEXTS_A } from './request-texts/a.ts';
import { TEXTS_B } from './request-texts/b.ts';
import { TEXTS_C } from './request-texts/c.ts';
import { TEXTS_D } from './request-texts/d.ts';
import { TEXTS_E } from './request-texts/e.ts';
import { TEXTS_F } from './request-texts/f.ts';

export type RequestKind = 'opinion' | 'suggestion' | 'demand' | 'complaint' | 'inquiry';
export type RequestChannel = 'visit' | 'hotline' | 'web' | 'grid' | 'letter' | 'window' | 'api';
export type DemoOutcome = 'received' | 'dispatched' | 'in_progress' | 'replied' | 'resolved' | 'closed' | 'constrained' | 'returned' | 'reopened';

export interface DemoRequestDraft {
  seq: number; kind: RequestKind; channel: RequestChannel; category: string; text: string;
  urgency: 'normal' | 'urgent'; anonymous: boolean; confidential: boolean;
  householdIndex: number | null;   // 0-based index into the district's households; null when anonymous
  receivedAt: string;              // ISO with +08:00, between 2026-05-01 and 2026-11-21 09:00
  outcome: DemoOutcome;            // the stage reached by 2026-11-21
  verdict: 'satisfied' | 'basically' | 'unsatisfied' | null;
  replyText: string | null;        // replied, resolved, closed, reopened
  resolutionText: string | null;   // resolved, closed
  constraintText: string | null;   // constrained
}

export const CATEGORY_TEXTS: Record<string, CategoryTexts> = { ...TEXTS_A, ...TEXTS_B, ...TEXTS_C, ...TEXTS_D, ...TEXTS_E, ...TEXTS_F };

/** Relative frequency of each category (every code of the reference catalogue). */
export const CATEGORY_WEIGHTS: Readonly<Record<string, number>> = {
  roads: 9, 'street-lighting': 4, 'public-transport': 4, 'traffic-safety': 3.5, parking: 4,
  sanitation: 8, greenery: 3, pests: 1.5, noise: 3.5, pollution: 2.5,
  rivers: 2, 'water-drainage': 7, 'heating-gas': 4, 'housing-property': 8.5, disputes: 4,
  'social-security': 6.5, 'medical-insurance': 3.5, employment: 4, registration: 2, 'public-order': 3,
  education: 3, healthcare: 3, agriculture: 4, 'market-consumer': 2.5, 'illegal-building': 3,
  'culture-tourism': 2.5, 'cadre-conduct': 0.6, other: 2,
};

/** Published totals at scale 1. */
export const REQUEST_TARGETS = { total: 1013, finished: 585, constrained: 204 } as const;

const OPEN_OUTCOMES: readonly DemoOutcome[] = ['received', 'dispatched', 'in_progress', 'replied', 'returned', 'reopened'];
const OPEN_WEIGHTS = [30, 40, 70, 45, 20, 19];
/** Days before 2026-11-21 within which each unfinished stage was received. */
const OPEN_AGO: Record<string, readonly [number, number]> = {
  received: [0, 3], dispatched: [0, 6], in_progress: [2, 20], replied: [3, 21], returned: [1, 12], reopened: [8, 24],
};

const channelOf = weighted<RequestChannel>([['visit', 46], ['hotline', 22], ['grid', 14], ['web', 10], ['letter', 3], ['window', 3], ['api', 2]]);
const BASE_KIND: readonly (readonly [RequestKind, number])[] = [['demand', 44], ['suggestion', 18], ['opinion', 18], ['complaint', 11], ['inquiry', 9]];
const COMPLAINT_HEAVY = new Set(['noise', 'pollution', 'cadre-conduct', 'market-consumer', 'illegal-building']);
const INQUIRY_HEAVY = new Set(['registration', 'medical-insurance', 'social-security', 'employment']);
const SUGGESTION_HEAVY = new Set(['culture-tourism', 'greenery', 'public-transport', 'parking']);
const kindPickers = {
  base: weighted(BASE_KIND),
  complaint: weighted<RequestKind>([['demand', 35], ['complaint', 38], ['opinion', 15], ['suggestion', 7], ['inquiry', 5]]),
  inquiry: weighted<RequestKind>([['demand', 42], ['inquiry', 28], ['opinion', 14], ['suggestion', 8], ['complaint', 8]]),
  suggestion: weighted<RequestKind>([['demand', 30], ['suggestion', 36], ['opinion', 22], ['complaint', 6], ['inquiry', 6]]),
};
const URGENT_P: Record<string, number> = { 'water-drainage': 0.25, 'heating-gas': 0.25, 'public-order': 0.2, 'traffic-safety': 0.2 };

const GENERIC_OPENINGS = [
  '我跟你们反映个事，', '领导你好，我是{community}的，', '打了好几次电话了，', '你好，我是{community}的居民，',
  '同志你好，我住{community}{building}，', '麻烦你们给记一下，', '我是{street}这边的，', '有个事憋了好久了，',
  '我代表我们楼的几户人家说一下，', '我们{community}好多人都有这个意见，', '我也是没办法了，', '',
];
const KIND_PREFIX: Record<RequestKind, string[]> = {
  complaint: ['我要投诉，', '我投诉一下，'], suggestion: ['我提个建议，', '我有个建议，'],
  inquiry: ['想咨询一下，', '我问个事，'], opinion: ['我有个意见，', '说个意见，'], demand: [],
};
const CHANNEL_GREETING: Partial<Record<RequestChannel, string[]>> = {
  hotline: ['喂，你好，', '喂，是热线吧？', '你好，'], letter: ['尊敬的领导：您好！', '各位领导：'],
  web: ['您好，'], grid: ['网格员，', '小刘啊，'], visit: ['书记，', '领导，'],
};
const FORMAL_CLOSINGS = ['恳请领导重视，尽快解决。', '望予以答复为盼。', '望予以解决，谢谢！'];
const URGENT_CLOSINGS = ['这事挺急的，麻烦今天就派人来看看。', '求求你们快点来人！', '情况很急，越快越好。'];
const ANON_OPENINGS = ['我不方便留名字，', '名字我就不说了，'];
const NUMERALS = ['三', '四', '五', '六', '七', '八', '九'];
const DAYS = ['好几天', '一个多星期', '半个月', '二十来天', '一个多月', '好些日子'];
const TIMES = ['晚上十点多', '半夜十二点', '夜里一两点', '晚上十一点', '大半夜'];
const EXTRA_ROADS = ['渔港大街', '海港大街', '码头路', '岛中路', '北环路', '南环路', '盐场路', '船厂路'];
const ALL_ROADS = [...ROADS, ...EXTRA_ROADS];

// Local (+08:00) wall-clock arithmetic on UTC milliseconds.
const DAY_MS = 86_400_000;
const START_MS = Date.UTC(2026, 4, 1);   // 2026-05-01 00:00 local
const LAST_DAY = 204;                     // 2026-11-21 is day 204 after 2026-05-01
const LAST_DAY_MAX_MIN = 9 * 60 - 1;      // nothing after 09:00 on the reference day

type Ctx = Record<string, string>;

function fill(template: string, ctx: Ctx): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => ctx[k] ?? m);
}

function dayOfWeek(day: number): number { return new Date(START_MS + day * DAY_MS).getUTCDay(); }
const isWeekend = (day: number) => { const d = dayOfWeek(day); return d === 0 || d === 6; };

/** Day in [lo, hi] with density rising linearly to 3× at the recent end. */
function risingDay(rng: Rng, lo: number, hi: number): number {
  const k = 2, u = rng();
  const t = (-1 + Math.sqrt(1 + 2 * k * u * (1 + k / 2))) / k;
  return Math.min(hi, lo + Math.floor(t * (hi - lo + 1)));
}

/** Minutes-of-day window for a channel. */
function hoursFor(channel: RequestChannel, rng: Rng): [number, number] {
  switch (channel) {
    case 'letter': case 'window': return [510, 1050];
    case 'visit': return chance(rng, 0.9) ? [510, 1080] : [1080, 1230];
    case 'grid': return [480, 1110];
    case 'hotline': return chance(rng, 0.85) ? [450, 1140] : [1140, 1320];
    case 'web': return chance(rng, 0.85) ? [420, 1410] : [0, 420];
    case 'api': return [0, 1439];
  }
}

function receivedAt(rng: Rng, channel: RequestChannel, day0: number): string {
  let day = day0;
  const weekdayOnly = channel === 'letter' || channel === 'window' || (channel === 'visit' && chance(rng, 0.85));
  const [lo, hi0] = hoursFor(channel, rng);
  for (;;) {
    if (weekdayOnly && isWeekend(day) && day > 0) { day--; continue; }
    const hi = day === LAST_DAY ? Math.min(hi0, LAST_DAY_MAX_MIN) : hi0;
    if (hi < lo && day > 0) { day--; continue; }
    const minute = int(rng, lo, Math.max(lo, hi));
    const ms = START_MS + day * DAY_MS + minute * 60_000 + int(rng, 0, 59) * 1000;
    return new Date(ms).toISOString().slice(0, 19) + '+08:00';
  }
}

function dateLabel(day: number): string {
  const d = new Date(START_MS + day * DAY_MS);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

function shuffle<T>(rng: Rng, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) { const j = Math.floor(rng() * (i + 1)); [xs[i], xs[j]] = [xs[j], xs[i]]; }
  return xs;
}

function endPunct(s: string): string { return /[。？！?!]$/.test(s) ? s : s + '。'; }

// ---- Matching answers to what was asked -------------------------------------------------
// Answers tagged "关键词/…|text" go to matters containing a keyword; untagged answers of the
// category and the shared pools below are the fallback.
const GENERIC_REPLIES = [
  '已安排工作人员于{date}到现场核实情况，并与诉求人当面沟通，明确了处理措施。',
  '经核实，反映情况属实，已责成相关单位限期整改，并将整改情况反馈诉求人。',
  '已联系诉求人了解详细情况，相关问题已交责任单位办理，办理进度将及时告知。',
  '已会同社区于{date}上门走访，向诉求人说明了有关政策和处理安排。',
];
const GENERIC_RESOLUTIONS = ['问题已按要求处理完毕，经回访诉求人认可。', '责任单位已完成整改，网格员现场复核确认。', '已办结，诉求人对处理结果表示满意。'];
const GENERIC_CONSTRAINTS = [
  '该问题涉及多个部门职责，需上级统筹协调，已如实上报并做好解释工作。',
  '解决该问题需资金投入，需纳入明年财政预算，已向诉求人说明情况。',
  '该事项属上级审批事项，本级无权限办理，已将诉求逐级上报。',
];

interface Answer { keys: string[] | null; text: string }
interface AnswerSet { specific: Answer[]; fallback: string[] }
/** Untagged answers of the category go with the shared pool; with `own`, only they do when any exist. */
function answerSet(list: readonly string[], pool: readonly string[], own = false): AnswerSet {
  const parsed = list.map((s): Answer => {
    const bar = s.indexOf('|');
    return bar < 0 ? { keys: null, text: s } : { keys: s.slice(0, bar).split('/'), text: s.slice(bar + 1) };
  });
  const general = parsed.filter((a) => a.keys === null).map((a) => a.text);
  return {
    specific: parsed.filter((a) => a.keys !== null),
    fallback: own && general.length ? general : general.concat(pool),
  };
}

interface CategoryAnswers { replies: AnswerSet; resolutions: AnswerSet; constraints: AnswerSet }
const ANSWERS = new Map<string, CategoryAnswers>();
function answersFor(category: string): CategoryAnswers {
  let a = ANSWERS.get(category);
  if (!a) {
    const t = CATEGORY_TEXTS[category];
    a = {
      replies: answerSet(t.replies, GENERIC_REPLIES),
      resolutions: answerSet(t.resolutions, GENERIC_RESOLUTIONS),
      constraints: answerSet(t.constraints, GENERIC_CONSTRAINTS, true),   // a shared constraint may not suit
    };
    ANSWERS.set(category, a);
  }
  return a;
}

/** An answer fitting the matter: a tagged one when a keyword matches, else a general one. */
function answer(rng: Rng, set: AnswerSet, matter: string): string {
  const hits = set.specific.filter((a) => a.keys!.some((k) => matter.includes(k)));
  return hits.length ? pick(rng, hits).text : pick(rng, set.fallback);
}

// ---- Composing what the resident said -----------------------------------------------------
const URGENT_CATEGORIES = new Set(Object.keys(URGENT_P));
const HEATING_SEASON_DAY = 153;   // 2026-10-01: before it, nobody asks about radiators

/** Matters a constrained request can be about: those a category constraint answers. */
function constrainable(category: string, matters: readonly string[]): readonly string[] {
  const set = answersFor(category).constraints;
  if (CATEGORY_TEXTS[category].constraints.some((c) => !c.includes('|'))) return matters;   // general ones fit all
  const fit = matters.filter((m) => set.specific.some((a) => a.keys!.some((k) => m.includes(k))));
  return fit.length ? fit : matters;
}

/** A kind's lead-in only where the matter reads that way (a suggestion asks "能不能…"). */
function kindPrefixFits(kind: RequestKind, matter: string): boolean {
  if (kind === 'suggestion') return /能不能|能否|希望|想在/.test(matter);
  if (kind === 'inquiry') return /问问|怎么|什么|哪|吗|是不是/.test(matter);
  return true;
}

function composeTemplate(rng: Rng, category: string, kind: RequestKind, channel: RequestChannel,
  urgent: boolean, anonymous: boolean, day: number, outcome: DemoOutcome): { template: string; matter: string } {
  const t = CATEGORY_TEXTS[category];
  let matters: readonly string[] = t.matters;
  if (category === 'heating-gas' && day < HEATING_SEASON_DAY) matters = matters.filter((x) => !x.includes('暖'));
  if (outcome === 'constrained') matters = constrainable(category, matters);
  const i = Math.floor(rng() * matters.length);
  const matter = matters[i];
  let body = matter;
  if (chance(rng, 0.18) && t.matters.length > 1) {
    const others = t.matters.filter((x) => x !== matter && !(category === 'heating-gas' && day < HEATING_SEASON_DAY && x.includes('暖')));
    body += '，还有个事，' + pick(rng, others);
  }

  let head = '';
  const greetings = CHANNEL_GREETING[channel];
  if (greetings && chance(rng, channel === 'letter' ? 0.7 : 0.25)) head += pick(rng, greetings);
  if (anonymous && chance(rng, 0.5)) head += pick(rng, ANON_OPENINGS);
  const prefixes = KIND_PREFIX[kind];
  const prefixed = prefixes.length > 0 && kindPrefixFits(kind, matter) && chance(rng, 0.35);
  if (prefixed) head += pick(rng, prefixes);
  let openings = prefixed || chance(rng, 0.6) ? t.openings : GENERIC_OPENINGS;
  if (prefixed) openings = openings.filter((o) => !/反映|想问|建议|咨询/.test(o));
  if (head) openings = openings.filter((o) => !o.includes('你好'));
  const opening = openings.length ? pick(rng, openings) : '';

  let closing: string;
  if (urgent && URGENT_CATEGORIES.has(category) && chance(rng, 0.6)) closing = pick(rng, URGENT_CLOSINGS);
  else if ((channel === 'letter' || channel === 'web') && chance(rng, 0.5)) closing = pick(rng, FORMAL_CLOSINGS);
  else closing = pick(rng, t.closings);
  return { template: head + opening + endPunct(body) + closing, matter };
}

export function generateRequests(opts: { seed: number; scale: number; households: number; streets: string[]; communities: string[] }): DemoRequestDraft[] {
  const { seed, scale } = opts;
  const total = Math.max(0, Math.round(REQUEST_TARGETS.total * scale));
  const finished = Math.min(total, Math.round(REQUEST_TARGETS.finished * scale));
  const constrained = Math.min(total - finished, Math.round(REQUEST_TARGETS.constrained * scale));
  const open = total - finished - constrained;

  // Exact outcome counts, then shuffled.
  const [closedN, resolvedN] = apportion(finished, [88, 12]);
  const openN = apportion(open, OPEN_WEIGHTS);
  const outcomes: DemoOutcome[] = [];
  const push = (o: DemoOutcome, n: number) => { for (let k = 0; k < n; k++) outcomes.push(o); };
  push('closed', closedN); push('resolved', resolvedN); push('constrained', constrained);
  OPEN_OUTCOMES.forEach((o, k) => push(o, openN[k]));
  shuffle(rngFor(seed, 'requests', 'outcomes'), outcomes);

  // Exact category counts, every category at least 10 × scale.
  const codes = Object.keys(CATEGORY_WEIGHTS);
  const catN = apportion(total, codes.map((c) => CATEGORY_WEIGHTS[c]), Math.max(1, Math.floor(10 * scale)));
  const categories: string[] = [];
  codes.forEach((c, k) => { for (let n = 0; n < catN[k]; n++) categories.push(c); });
  shuffle(rngFor(seed, 'requests', 'categories'), categories);

  const streets = opts.streets.length ? opts.streets : ['本街道'];
  const communities = opts.communities.length ? opts.communities : ['本社区'];
  const villages = communities.filter((c) => c.endsWith('村'));
  const urban = communities.filter((c) => !c.endsWith('村'));
  const drafts: (DemoRequestDraft & { at: number })[] = [];
  for (let idx = 0; idx < total; idx++) {
    const rng = rngFor(seed, 'request', idx);
    const outcome = outcomes[idx];
    const category = categories[idx];

    const kindPicker = COMPLAINT_HEAVY.has(category) ? kindPickers.complaint
      : INQUIRY_HEAVY.has(category) ? kindPickers.inquiry
      : SUGGESTION_HEAVY.has(category) ? kindPickers.suggestion : kindPickers.base;
    const kind = kindPicker(rng);
    const channel = channelOf(rng);
    const urgent = chance(rng, URGENT_P[category] ?? 0.012);
    const anonymous = chance(rng, 0.03);
    const confidential = chance(rng, category === 'cadre-conduct' ? 0.35 : category === 'disputes' || category === 'public-order' ? 0.05 : 0.012);

    let day: number;
    if (outcome === 'closed') day = risingDay(rng, 0, LAST_DAY - 8);
    else if (outcome === 'constrained') day = risingDay(rng, 0, LAST_DAY - 10);
    else if (outcome === 'resolved') day = LAST_DAY - int(rng, 5, 40);
    else { const [a, b] = OPEN_AGO[outcome]; day = LAST_DAY - int(rng, a, b); }
    const at = receivedAt(rng, channel, day);
    const atDay = Math.floor((Date.parse(at) + 8 * 3_600_000 - START_MS) / DAY_MS);

    const { template, matter } = composeTemplate(rng, category, kind, channel, urgent, anonymous, atDay, outcome);
    // Blocks and units belong to town communities, "我们村" to villages.
    const bare = template.replace(/\{community\}/g, '');
    const wantsUrban = /\{building\}|\{unit\}|小区|楼/.test(bare);
    const wantsVillage = !wantsUrban && /村|渔民|码头|渔船/.test(bare);
    const pool = wantsUrban && urban.length ? urban : wantsVillage && villages.length ? villages : communities;
    const road = pick(rng, ALL_ROADS);
    let road2 = pick(rng, ALL_ROADS);
    if (road2 === road) road2 = ALL_ROADS[(ALL_ROADS.indexOf(road) + 1) % ALL_ROADS.length];
    const ctx: Ctx = {
      street: pick(rng, streets), community: pick(rng, pool), road, road2,
      building: `${int(rng, 1, 32)}号楼`, unit: `${int(rng, 1, 6)}单元`, n: pick(rng, NUMERALS),
      days: pick(rng, DAYS), time: pick(rng, TIMES), bus: String(int(rng, 1, 12)),
      date: dateLabel(Math.min(LAST_DAY - 1, atDay + int(rng, 1, 6))),
    };
    const text = fill(template, ctx);

    const ans = answersFor(category);
    const said = { ...ctx, n: pick(rng, NUMERALS) };   // the department's own counts
    const hasReply = outcome === 'replied' || outcome === 'resolved' || outcome === 'closed' || outcome === 'reopened';
    const replyText = hasReply ? fill(answer(rng, ans.replies, matter), said) : null;
    const resolutionText = outcome === 'resolved' || outcome === 'closed' ? fill(answer(rng, ans.resolutions, matter), said) : null;
    const constraintText = outcome === 'constrained' ? fill(answer(rng, ans.constraints, matter), said) : null;
    const verdict = outcome === 'closed' ? (chance(rng, 0.9) ? 'satisfied' : 'basically')
      : outcome === 'reopened' ? 'unsatisfied' : null;
    const householdIndex = anonymous || opts.households <= 0 ? null : int(rng, 0, opts.households - 1);

    drafts.push({
      seq: 0, kind, channel, category, text, urgency: urgent ? 'urgent' : 'normal', anonymous, confidential,
      householdIndex, receivedAt: at, outcome, verdict, replyText, resolutionText, constraintText, at: Date.parse(at),
    });
  }

  drafts.sort((a, b) => a.at - b.at);
  return drafts.map(({ at: _at, ...d }, k) => ({ ...d, seq: k + 1 }));
}

/** How the neighbours of one road tell the same matter: a road caving in (the demo's hot topic). */
const HOT_TOPIC_TEXTS = [
  '{road}中间那段路面塌陷，出了个大坑，晚上骑电动车差点摔了',
  '反映一下，{road}路面塌陷的大坑越来越大，下雨天积满水看不见，很危险',
  '{road}靠近路口路面塌陷成一个大坑，车开过去颠得厉害，麻烦修一修',
  '我家就在{road}，门口路面塌陷了一个大坑，老人孩子走路都得绕',
  '{road}路面塌陷好几天了，大坑里的水溅得行人一身，希望尽快修补',
  '网格员上报：{road}路面塌陷形成大坑，已设临时警示，需要道路部门处理',
  '{road}路面塌陷那个大坑还没人管吗？昨天又有人骑车摔倒了',
  '麻烦看看{road}，路面塌陷出一个大坑，晚上黑，容易出事',
];

/**
 * The demo's hot topic (小专题): the most recent open road requests become neighbours on one road
 * telling of the same cave-in, so the topics page has a proposal to show. Only their text and
 * household change — category, outcome and time stay — so every count of seed 001 holds.
 * `households` are 0-based household indexes on `road`, in the order to use them.
 */
export function plantHotTopic(drafts: DemoRequestDraft[], road: string, households: number[], size = 8): number[] {
  const open = new Set<DemoOutcome>(['received', 'dispatched', 'in_progress']);
  const chosen = drafts.filter((d) => d.category === 'roads' && open.has(d.outcome) && !d.anonymous)
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt)).slice(0, Math.min(size, households.length, HOT_TOPIC_TEXTS.length));
  chosen.forEach((d, k) => { d.text = HOT_TOPIC_TEXTS[k].replace('{road}', road); d.householdIndex = households[k]; });
  return chosen.map((d) => d.seq);
}
