// One-click suggestions while a request is being entered or dispatched, from the routing
// endpoints — never applied by themselves:
//   /api/routing/suggest  the categories (and the department they would go to) from the text;
//   /api/routing/places   the places the text names, matched against the registries;
//   /api/routing/similar  recent requests nearby that say much the same, shown with the intake's
//                         rule-based duplicates so the office can merge them.
// The response shapes are typed here so the field app can reuse them.
import { useEffect, useState } from 'react';
import { Button, List, Space, Tag, Tooltip, Typography } from 'antd';
import { BulbOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { request } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { navigate } from '../../router.ts';
import { StatusTag, day } from './shared.tsx';

/**
 * POST `body` to `path` once it has stayed the same for `delay` ms; a newer body aborts the
 * older call, so an answer for words already replaced is never shown. `null` clears the answer.
 * Failures are quiet: a suggestion that does not come is no worse than no suggestion.
 */
export function useDebouncedPost<T>(path: string, body: object | null, delay = 500): T | null {
  const [data, setData] = useState<T | null>(null);
  const key = body ? JSON.stringify(body) : null;
  useEffect(() => {
    if (key === null) { setData(null); return; }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      request<T>('POST', path, { body: JSON.parse(key), signal: ctl.signal })
        .then((d) => { if (!ctl.signal.aborted) setData(d); }, () => undefined);
    }, delay);
    return () => { clearTimeout(timer); ctl.abort(); };
  }, [path, key, delay]);
  return data;
}

// ---------------------------------------------------------------- categories

export interface SuggestResult {
  categories: { id: number; category: string; name: string; score: number }[];
  departments: { departmentId: number; name: string; score: number; via: 'history' | 'table'; reason: string }[];
  error: { code: string; message: string; message_en: string } | null;
}

/** Suggestions for a text, fetched once typing pauses. */
export function useSuggestions(text: string | undefined, place: { householdId?: number | null; regionId?: number | null; categoryId?: number | null }) {
  const t = (text ?? '').trim();
  return useDebouncedPost<SuggestResult>('/api/routing/suggest', t.length >= 4
    ? { text: t, householdId: place.householdId ?? null, regionId: place.regionId ?? null, categoryId: place.categoryId ?? null } : null);
}

export function CategorySuggestions({ data, value, onPick, showDepartments }: {
  data: SuggestResult | null; value?: number | null; onPick: (categoryId: number) => void; showDepartments?: boolean;
}) {
  const { pick, lang } = useI18n();
  if (!data?.categories.length) return null;
  return (
    <div data-testid="category-suggestions" style={{ margin: '-8px 0 16px' }}>
      <Space wrap size={[8, 8]}>
        <Typography.Text type="secondary"><BulbOutlined /> {pick('推荐分类', 'Suggested')}</Typography.Text>
        {data.categories.map((c) => (
          <Tag.CheckableTag key={c.id} checked={value === c.id} onChange={() => onPick(c.id)}
            style={{ fontSize: 15, padding: '4px 10px', border: '1px solid #d9d9d9' }}>
            {c.name} {Math.round(c.score * 100)}%
          </Tag.CheckableTag>
        ))}
      </Space>
      {showDepartments && data.departments.length > 0 && (
        <div style={{ marginTop: 6 }}>
          <Typography.Text type="secondary">
            {pick('建议派往', 'Would go to')}：{data.departments.slice(0, 2).map((d) => `${d.name}（${(lang === 'en' ? d.reason.split('|')[1] : d.reason.split('|')[0]) ?? ''}）`).join('；')}
          </Typography.Text>
        </div>
      )}
    </div>
  );
}

export interface TopCategory { id: number; name: string; score: number }

/** Top suggested category per request id, for the life of the page: a request's text does not change. */
const topCache = new Map<number, Promise<TopCategory | null>>();
const BOARD_CONCURRENCY = 2, BOARD_MAX = 20;

/**
 * The top suggested category of each row (at most 20, two calls at a time, each request asked
 * once per page load). Rows that scroll away before their turn are not asked.
 */
export function useTopCategories(rows: { id: number; text: string }[], enabled: boolean): Map<number, TopCategory | null> {
  const [found, setFound] = useState<Map<number, TopCategory | null>>(() => new Map());
  const want = enabled ? rows.slice(0, BOARD_MAX) : [];
  const key = want.map((r) => r.id).join(',');
  useEffect(() => {
    if (!want.length) return;
    let live = true;
    const put = (id: number, v: TopCategory | null) => { if (live) setFound((m) => (m.get(id) === v ? m : new Map(m).set(id, v))); };
    const queue: { id: number; text: string }[] = [];
    for (const r of want) {
      const hit = topCache.get(r.id);
      if (hit) hit.then((v) => put(r.id, v), () => undefined);
      else queue.push(r);
    }
    const next = (): Promise<void> => {
      const r = live ? queue.shift() : undefined;
      if (!r) return Promise.resolve();
      let p = topCache.get(r.id);
      if (!p) {
        p = request<SuggestResult>('POST', '/api/routing/suggest', { body: { text: r.text.slice(0, 5000) } })
          .then((d) => { const c = d.categories[0]; return c ? { id: c.id, name: c.name, score: c.score } : null; });
        topCache.set(r.id, p);
        p.catch(() => topCache.delete(r.id));
      }
      return p.then((v) => put(r.id, v), () => undefined).then(next);
    };
    // After the board has painted: the hints are a second thought, the rows come first.
    const timer = setTimeout(() => { for (let i = 0; i < BOARD_CONCURRENCY; i++) void next(); }, 150);
    return () => { live = false; clearTimeout(timer); };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return found;
}

// ---------------------------------------------------------------- places

export type PlaceKind = 'district' | 'street' | 'community' | 'village' | 'grid' | 'building' | 'road' | 'address';
export interface PlaceMention {
  text: string; start: number; end: number; kind: PlaceKind; form: 'full' | 'short';
  road: string | null; number: number | null; nearestNumber: number | null; regionIds: number[]; buildingIds: number[];
}
export interface PlaceCandidate {
  regionId: number; level: 'district' | 'street' | 'community' | 'grid'; kind: PlaceKind; name: string;
  /** 南城街道 / 海港社区 / 海港社区第1网格 */
  fullName: string; path: string;
  gridId: number | null; gridName: string | null; buildingId: number | null;
  lat: number | null; lng: number | null; pointFrom: 'building' | 'region' | null;
  score: number; confidence: number; mentions: number[]; reason: string; reason_en: string; inScope: boolean;
}
export interface PlaceResult { text: string; mentions: PlaceMention[]; candidates: PlaceCandidate[]; best: PlaceCandidate | null; ambiguous: boolean }

/** The places a text names, fetched once typing pauses (when `enabled`). */
export function usePlaceSuggestions(text: string | undefined, enabled = true) {
  const t = (text ?? '').trim();
  return useDebouncedPost<PlaceResult>('/api/routing/places', enabled && t.length >= 2 ? { text: t } : null);
}

/** The region a candidate fills in: its grid when the text pins one, else the region itself. */
export const placeRegion = (c: PlaceCandidate) => c.gridId ?? c.regionId;

/**
 * A point worth writing into the form: only a building's own point. A region's centre is not
 * where the matter is, and every request entered there would be "within 50 m" of the others.
 */
/** A candidate's point, only when it is the building's own: a region's centre would make every request entered this way "within 50 m" of the others. */
export const placePoint = (c: PlaceCandidate) => (c.pointFrom === 'building' && c.lat != null && c.lng != null ? { lat: c.lat, lng: c.lng } : null);

/** 识别到地点: the best candidate (the top few when the name is shared) as one-click choices. */
export function PlaceSuggestions({ data, value, onPick }: { data: PlaceResult | null; value?: number | null; onPick: (c: PlaceCandidate) => void }) {
  const { pick } = useI18n();
  if (!data?.candidates.length) return null;
  const shown = data.ambiguous ? data.candidates.slice(0, 4) : data.candidates.slice(0, 1);
  const named = [...new Set(shown.flatMap((c) => c.mentions).map((i) => data.mentions[i]?.text).filter(Boolean))];
  return (
    <div data-testid="place-suggestions" style={{ margin: '0 0 16px', padding: '8px 10px', background: '#f6faff', border: '1px solid #d6e4ff', borderRadius: 8 }}>
      <div style={{ marginBottom: 6 }}>
        <Typography.Text><EnvironmentOutlined /> {pick('识别到地点', 'Place named')}：<b>{named.join('、')}</b></Typography.Text>
        {data.ambiguous ? <Typography.Text type="warning" style={{ marginLeft: 8 }}>{pick('多处同名，请选择', 'Several places share the name — choose one')}</Typography.Text> : null}
      </div>
      <Space wrap size={[8, 8]}>
        {shown.map((c) => {
          const parents = c.fullName.split(' / ').filter((x) => x && x !== c.name);
          const within = c.gridName && c.gridName !== c.name ? `→ ${c.gridName}` : parents.slice(-2).join(' / ');
          return (
            <Tooltip key={c.regionId} title={pick(c.reason, c.reason_en)}>
              <Tag.CheckableTag checked={value === placeRegion(c)} onChange={() => onPick(c)} data-place={placeRegion(c)}
                style={{ fontSize: 15, padding: '4px 10px', border: '1px solid #adc6ff', whiteSpace: 'normal', lineHeight: 1.4 }}>
                {c.name}
                {within ? <span style={{ fontSize: 13, opacity: 0.75 }}>（{within}）</span> : null}
                {data.ambiguous ? <span style={{ fontSize: 13, opacity: 0.75 }}> {Math.round(c.confidence * 100)}%</span> : null}
              </Tag.CheckableTag>
            </Tooltip>
          );
        })}
      </Space>
    </div>
  );
}

// ---------------------------------------------------------------- similar requests and duplicates

/** GET /api/requests/duplicates and the intake's answer: the rule-based ones; reason is '中文|English'. */
export interface RuleDuplicate { id: number; code: string; text: string; status: string; statusLabel: string; receivedAt: string; address: string | null; reason: string; distance: number | null }

export interface SimilarItem {
  id: number; code: string; text: string; status: string; statusLabel: string;
  similarity: number; distance: number | null; sameCommunity: boolean; reason: string; reason_en: string;
  receivedAt: string; address: string | null; lat: number | null; lng: number | null;
  category: { id: number; name: string | null }; region: { id: number; name: string | null };
}
export interface SimilarResult { items: SimilarItem[]; area: { via: 'household' | 'region' | 'point' | 'text' | 'none'; name: string | null } | null; threshold: number }
export interface SimilarQuery {
  text: string; categoryId?: number | null; regionId?: number | null; householdId?: number | null;
  lat?: number | null; lng?: number | null; at?: string | null; excludeId?: number | null;
}

const finite = (v: unknown): number | null => (v === null || v === undefined || v === '' || !Number.isFinite(Number(v)) ? null : Number(v));

/** The body /api/routing/similar accepts: empty values left out, a point only when both halves are valid. */
export function similarBody(q: SimilarQuery): Record<string, unknown> {
  const lat = finite(q.lat), lng = finite(q.lng);
  const point = lat !== null && lng !== null && Math.abs(lat) <= 90 && Math.abs(lng) <= 180;
  const out: Record<string, unknown> = { text: q.text.trim().slice(0, 10_000) };
  for (const k of ['categoryId', 'regionId', 'householdId', 'excludeId'] as const) if (finite(q[k])) out[k] = Number(q[k]);
  if (point) { out.lat = lat; out.lng = lng; }
  if (q.at) out.at = q.at;
  return out;
}

/** Similar recent requests for a text being entered (≥ 4 characters), fetched once typing pauses. */
export function useSimilarRequests(q: SimilarQuery | null, delay = 500) {
  const ok = !!q && q.text.trim().length >= 4;
  return useDebouncedPost<SimilarResult>('/api/routing/similar', ok ? similarBody(q!) : null, delay);
}

/** One request proposed as the same matter, by the duplicate rule, by its text, or by both. */
export interface Proposal {
  id: number; code: string; text: string; status: string; statusLabel: string; receivedAt: string;
  similarity: number | null; rule: boolean; reasons: { zh: string; en: string }[];
}

/** The rule-based duplicates and the similar requests as one list, one row per request: rule matches first, then the most alike. */
export function mergeProposals(rule: RuleDuplicate[] | null | undefined, similar: SimilarItem[] | null | undefined): Proposal[] {
  const out = new Map<number, Proposal>();
  for (const d of rule ?? []) {
    const [zh, en] = d.reason.split('|');
    out.set(d.id, { id: d.id, code: d.code, text: d.text, status: d.status, statusLabel: d.statusLabel, receivedAt: d.receivedAt, similarity: null, rule: true, reasons: [{ zh, en: en ?? zh }] });
  }
  for (const s of similar ?? []) {
    const had = out.get(s.id);
    const reason = { zh: s.reason, en: s.reason_en };
    if (had) { had.similarity = s.similarity; had.reasons.push(reason); }
    else out.set(s.id, { id: s.id, code: s.code, text: s.text, status: s.status, statusLabel: s.statusLabel, receivedAt: s.receivedAt, similarity: s.similarity, rule: false, reasons: [reason] });
  }
  return [...out.values()].sort((a, b) => Number(b.rule) - Number(a.rule) || (b.similarity ?? 0) - (a.similarity ?? 0));
}

/**
 * The proposals with their status, similarity and reasons, each linking to its request. With
 * `mergeFrom` (a just-recorded request, still 待研判) each open one also offers the way to merge:
 * the new request's page, where the office chooses 合并为重复诉求 and gives the target's ID.
 */
export function ProposalList({ items, mergeFrom }: { items: Proposal[]; mergeFrom?: number | null }) {
  const { pick, lang } = useI18n();
  return (
    <List size="small" dataSource={items} renderItem={(d) => (
      <List.Item data-duplicate={d.id} data-similar={d.similarity !== null ? Math.round(d.similarity * 100) : undefined} style={{ paddingInline: 0 }}>
        <div style={{ width: '100%', minWidth: 0 }}>
          <Space wrap size={[6, 4]}>
            <a href={`#/requests/${d.id}`}>{d.code}</a>
            <StatusTag r={d} />
            {d.similarity !== null ? <Tag color="blue" style={{ fontSize: 14 }}>{pick(`相似 ${Math.round(d.similarity * 100)}%`, `${Math.round(d.similarity * 100)}% alike`)}</Tag> : null}
            {d.rule ? <Tag color="orange" style={{ fontSize: 14 }}>{pick('疑似重复', 'Likely duplicate')}</Tag> : null}
          </Space>
          <div style={{ margin: '2px 0', wordBreak: 'break-all' }}>{d.text.length > 60 ? `${d.text.slice(0, 60)}…` : d.text}</div>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {day(d.receivedAt)} · ID {d.id} · {d.reasons.map((x) => (lang === 'en' ? x.en : x.zh)).join('；')}
          </Typography.Text>
          {mergeFrom && mergeFrom !== d.id && !['closed', 'merged'].includes(d.status) ? (
            <div style={{ marginTop: 4 }}>
              <Button size="small" data-merge={d.id} onClick={() => navigate(`/requests/${mergeFrom}?mergeInto=${d.id}`)}>
                {pick('将本件合并到此件', 'Merge the new one into this')}
              </Button>
            </div>
          ) : null}
        </div>
      </List.Item>
    )} />
  );
}
