// Service cards (便民服务卡 / 走亲连心卡): one printable card per household with its liaison group's
// names and work phones, the office hotline and a QR code. The QR code opens the resident's page
// (/card/#<token>) where anyone in the household can raise a request without signing in; the
// token names the household and is signed, so it can be neither guessed nor altered.
//
// The token: base64url of 25 bytes — version (1), household id (uint32), last valid day (uint32,
// days since 1970-01-01 in China time), then the first 16 bytes of HMAC-SHA256 over those 9
// bytes with a key derived from the server's audit key. A card printed in year Y stays valid
// until 31 December of Y + CARD_YEARS, and every card of a household issued the same year is the
// same string, so reprinting gives the same QR code.
//
// A card reported lost or misused is withdrawn (挂失补办, revokeCard): the household's card
// generation goes up (service_card_revocations) and its cards are printed from then on as version
// 2 — the same 9 bytes plus the generation (uint16), 27 bytes in all — so every card printed
// before stops working at once and the new card has a new QR code. Households never revoked keep
// version 1, so cards already on doors stay the same.
import { createHmac, timingSafeEqual } from 'node:crypto';
import QRCode from 'qrcode';
import type { DB } from '../../db/connection.ts';
import { Permission } from '../../domain/access.ts';
import { chinaDate } from '../../domain/calendar.ts';
import { DISTRICT } from '../../domain/demo/places.ts';
import { KIND_ZH, type Kind } from '../../domain/requests.ts';
import { can, inScope, requireInScope, requirePermission, type Actor } from '../../platform/access.ts';
import { derivedKey, writeAudit } from '../../platform/audit.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { reference } from '../requests/reference.ts';

const PAYLOAD = { 1: 9, 2: 11 } as const, MAC = 16;
const TOKEN_RE = /^[A-Za-z0-9_-]{34}(?:[A-Za-z0-9_-]{2})?$/;
/** Generations a household's card can go through (uint16 in the token). */
export const MAX_CARD_GENERATION = 65_535;
export const CARD_YEARS = 3;
/** At most this many cards in one answer (250 A4 sheets); a larger area is printed part by part. */
export const CARD_CAP = 2_000;
const DAY_MS = 86_400_000;

// Derived on each use (one HMAC): it follows the audit key if a process re-initialises it.
const key = () => derivedKey('service-card/v1');

const dayNumber = (date: string) => Math.round(Date.parse(date + 'T00:00:00Z') / DAY_MS);
const dayDate = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);
const macOf = (payload: Buffer) => createHmac('sha256', key()).update(payload).digest().subarray(0, MAC);

/** The last day a card issued now is valid: 31 December, CARD_YEARS years on (China time). */
export function cardExpiry(now = new Date()): string {
  return `${Number(chinaDate(now).slice(0, 4)) + CARD_YEARS}-12-31`;
}

/** A household's card token; generation 0 (never revoked) is the original 25-byte format. */
export function issueCardToken(householdId: number, expiresOn = cardExpiry(), generation = 0): string {
  const version = generation ? 2 : 1;
  const payload = Buffer.alloc(PAYLOAD[version]);
  payload.writeUInt8(version, 0);
  payload.writeUInt32BE(householdId, 1);
  payload.writeUInt32BE(dayNumber(expiresOn), 5);
  if (version === 2) payload.writeUInt16BE(generation, 9);
  return Buffer.concat([payload, macOf(payload)]).toString('base64url');
}

const cardError = (reason: string, reason_en: string, message = '服务卡无效，请联系社区或拨打服务热线', messageEn = 'This service card is not valid; contact the community or call the hotline') =>
  new AppError('NOT_FOUND', [{ field: 'token', reason, reason_en }], message, messageEn);

export interface CardClaim { householdId: number; expiresOn: string; generation: number }

/** The household a token names, after checking its signature (constant time) and its date (not yet whether it was withdrawn: cardHousehold). */
export function verifyCardToken(token: string, now = new Date()): CardClaim {
  const bad = () => cardError('二维码校验失败（可能被改动或抄错）', 'the code failed its check (altered or mistyped)');
  if (typeof token !== 'string' || !TOKEN_RE.test(token)) throw bad();
  const buf = Buffer.from(token, 'base64url');
  const version = buf.length === PAYLOAD[1] + MAC ? 1 : buf.length === PAYLOAD[2] + MAC ? 2 : 0;
  // Only the canonical spelling is accepted (base64url leaves the last character's low bits free).
  if (!version || buf.toString('base64url') !== token) throw bad();
  const payload = buf.subarray(0, PAYLOAD[version]);
  if (!timingSafeEqual(buf.subarray(PAYLOAD[version]), macOf(payload)) || payload.readUInt8(0) !== version) throw bad();
  const generation = version === 2 ? payload.readUInt16BE(9) : 0;
  if (version === 2 && generation === 0) throw bad();
  const expiresOn = dayDate(payload.readUInt32BE(5));
  if (chinaDate(now) > expiresOn) {
    throw cardError(`服务卡已于 ${expiresOn} 过期，请向社区领取新卡`, `the card expired on ${expiresOn}; ask the community for a new one`,
      '服务卡已过期，请向社区领取新卡或拨打服务热线', 'This service card has expired; ask the community for a new one or call the hotline');
  }
  return { householdId: payload.readUInt32BE(1), expiresOn, generation };
}

// ---------------------------------------------------------------- settings

export const CARD_SETTING = 'service_cards';
export interface CardSettings { hotline: string; baseUrl: string | null }
/** The district's 12345 service line under its area code until the administrator sets the office's own. */
export const DEFAULT_CARD_SETTINGS: CardSettings = { hotline: `${DISTRICT.areaCode}-12345`, baseUrl: null };

export async function cardSettings(db: DB): Promise<CardSettings> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', CARD_SETTING).executeTakeFirst();
  return { ...DEFAULT_CARD_SETTINGS, ...((row?.value as Partial<CardSettings> | undefined) ?? {}) };
}

export async function saveCardSettings(db: DB, actor: Actor, input: CardSettings): Promise<CardSettings> {
  requirePermission(actor, Permission.CategoryManage);
  const value: CardSettings = { hotline: input.hotline.trim(), baseUrl: input.baseUrl?.trim().replace(/\/+$/, '') || null };
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('settings').select('value').where('key', '=', CARD_SETTING).executeTakeFirst();
    await trx.insertInto('settings').values({ key: CARD_SETTING, value: JSON.stringify(value) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) })).execute();
    await writeAudit(trx, actor, [{ action: 'update', entity: 'setting', entityId: CARD_SETTING, before: before?.value ?? null, after: value }]);
  });
  return value;
}

// ---------------------------------------------------------------- what a card shows

interface GroupInfo { id: number; name: string; department: string | null; cadres: { name: string; phone: string | null }[] }

/** Names of every region on the paths, by id, with their level. */
async function regionNames(db: DB, paths: string[]) {
  const ids = [...new Set(paths.flatMap((p) => p.split('/').filter(Boolean).map(Number)))];
  const rows = ids.length ? await db.selectFrom('regions').select(['id', 'name', 'level']).where('id', 'in', ids).execute() : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return (path: string) => {
    const out: Partial<Record<'district' | 'street' | 'community' | 'grid', string>> = {};
    for (const id of path.split('/').filter(Boolean).map(Number)) { const r = byId.get(id); if (r) out[r.level] = r.name; }
    return { district: out.district ?? null, street: out.street ?? null, community: out.community ?? null, grid: out.grid ?? null };
  };
}

/** Active groups by id with their department and cadres (names and work phones, which the card makes public). */
async function groupsById(db: DB, ids: number[]): Promise<Map<number, GroupInfo>> {
  if (!ids.length) return new Map();
  const groups = await db.selectFrom('liaison_groups as g').leftJoin('departments as d', 'd.id', 'g.department_id')
    .select(['g.id', 'g.name', 'd.name as department']).where('g.id', 'in', ids).where('g.active', '=', true).execute();
  const members = await db.selectFrom('liaison_group_members as m').innerJoin('cadres as c', 'c.id', 'm.cadre_id')
    .select(['m.group_id', 'c.id', 'c.name', 'c.phone', 'c.party_member', 'c.years_of_service']).where('m.group_id', 'in', ids).execute();
  const out = new Map<number, GroupInfo>();
  for (const g of groups) {
    // The party member, then the most experienced, first: the group's leader heads the card.
    const cadres = members.filter((m) => m.group_id === g.id)
      .sort((a, b) => Number(b.party_member) - Number(a.party_member) || b.years_of_service - a.years_of_service || a.id - b.id)
      .map((m) => ({ name: m.name, phone: m.phone }));
    out.set(g.id, { id: g.id, name: g.name, department: g.department, cadres });
  }
  return out;
}

const collator = new Intl.Collator('zh-CN', { numeric: true });

export interface CardQuery { regionId?: number; groupId?: number; householdId?: number; origin: string; qr?: boolean }

/**
 * The cards of a region (or of one group within it, or one household), each with its signed URL and
 * an SVG QR code. Only households inside the actor's scope; more than CARD_CAP is refused.
 */
export async function listCards(db: DB, actor: Actor, q: CardQuery) {
  if (!can(actor, Permission.OrgRead) && !can(actor, Permission.LiaisonManage)) requirePermission(actor, Permission.OrgRead);
  let path = actor.scope.regionPath;
  if (q.regionId) {
    const r = await db.selectFrom('regions').select('path').where('id', '=', q.regionId).executeTakeFirst();
    if (!r) throw invalid('regionId', '区域不存在', 'no such region', q.regionId);
    requireInScope(actor, r.path, 'regionId');
    path = r.path;
  }
  if (!path) requireInScope(actor, null, 'regionId');
  if (q.groupId) {
    const g = await db.selectFrom('liaison_groups').select(['id', 'active']).where('id', '=', q.groupId).executeTakeFirst();
    if (!g || !g.active) throw invalid('groupId', '联户组不存在或已解散', 'no such liaison group, or it was dissolved', q.groupId);
  }
  if (q.householdId) {
    const h = await db.selectFrom('households').select('region_path').where('id', '=', q.householdId).executeTakeFirst();
    if (!h) throw new AppError('NOT_FOUND', [], '住户不存在', 'No such household');
    requireInScope(actor, h.region_path, 'householdId');
  }
  let hq = inScope(db.selectFrom('households as h').leftJoin('household_liaisons as l', 'l.household_id', 'h.id')
    .leftJoin('service_card_revocations as v', 'v.household_id', 'h.id')
    .select(['h.id', 'h.address', 'h.region_path', 'l.group_id', 'v.generation', 'v.revoked_at']), actor, 'h.region_path');
  if (path && path !== '/') hq = hq.where('h.region_path', 'like', `${path}%`);
  if (q.groupId) hq = hq.where('l.group_id', '=', q.groupId);
  if (q.householdId) hq = hq.where('h.id', '=', q.householdId);
  const rows = await hq.limit(CARD_CAP + 1).execute();
  if (rows.length > CARD_CAP) {
    throw new AppError('VALIDATION', [{ field: 'regionId', reason: `所选范围超过 ${CARD_CAP} 户，请选择社区、网格或联户组分批打印`, reason_en: `more than ${CARD_CAP} households; choose a community, grid or group and print in parts` }],
      `一次最多生成 ${CARD_CAP} 张服务卡，请缩小范围`, `At most ${CARD_CAP} cards at a time; choose a smaller area`);
  }
  rows.sort((a, b) => collator.compare(a.region_path, b.region_path) || collator.compare(a.address, b.address) || a.id - b.id);
  const settings = await cardSettings(db);
  const base = (settings.baseUrl ?? q.origin).replace(/\/+$/, '');
  const names = await regionNames(db, [...new Set(rows.map((r) => r.region_path))]);
  const groups = await groupsById(db, [...new Set(rows.map((r) => r.group_id).filter((g): g is number => g !== null))]);
  const expiresOn = cardExpiry();
  const items = [];
  for (const [i, h] of rows.entries()) {
    const token = issueCardToken(h.id, expiresOn, h.generation ?? 0);
    const url = `${base}/card/#${token}`;
    // qrcode draws synchronously: let other requests in every so often on a large batch.
    if (i % 100 === 99) await new Promise((r) => setImmediate(r));
    items.push({
      householdId: h.id, address: h.address, region: names(h.region_path),
      group: h.group_id !== null ? groups.get(h.group_id) ?? null : null,
      generation: h.generation ?? 0, revokedAt: h.revoked_at ?? null,
      token, url, qrSvg: q.qr === false ? null : await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }),
    });
  }
  const byGroup = new Map<number, number>();
  for (const r of rows) if (r.group_id !== null) byGroup.set(r.group_id, (byGroup.get(r.group_id) ?? 0) + 1);
  return {
    hotline: settings.hotline, expiresOn, count: items.length, withoutGroup: items.filter((c) => !c.group).length,
    groups: [...byGroup].map(([id, n]) => ({ id, name: groups.get(id)?.name ?? String(id), department: groups.get(id)?.department ?? null, households: n }))
      .sort((a, b) => collator.compare(a.name, b.name)),
    items,
  };
}

// ---------------------------------------------------------------- the resident's side

/** What the resident's page shows: the place's names, the group's cadres and phones, the hotline, the categories — nothing about the household's people. */
export async function publicCard(db: DB, token: string) {
  const claim = verifyCardToken(token);
  const { expiresOn } = claim;
  const h = await cardHousehold(db, claim);
  const link = await db.selectFrom('household_liaisons').select('group_id').where('household_id', '=', h.id).executeTakeFirst();
  const group = link ? (await groupsById(db, [link.group_id])).get(link.group_id) ?? null : null;
  const ref = await reference(db);
  const settings = await cardSettings(db);
  return {
    place: (await regionNames(db, [h.region_path]))(h.region_path),
    group: group ? { name: group.name, department: group.department, cadres: group.cadres } : null,
    hotline: settings.hotline,
    categories: [...ref.categories.values()].filter((c) => c.active).sort((a, b) => a.sort - b.sort || a.id - b.id).map((c) => ({ code: c.code, name: c.name })),
    kinds: (Object.keys(KIND_ZH) as Kind[]).map((k) => ({ code: k, name: KIND_ZH[k] })),
    expiresOn,
  };
}

/**
 * The household a valid token names, if the card is still the household's current one; a
 * household since removed is an unknown card, a card printed before the last revocation (挂失) is
 * withdrawn.
 */
export async function cardHousehold(db: DB, card: Pick<CardClaim, 'householdId' | 'generation'>) {
  const h = await db.selectFrom('households as h').leftJoin('service_card_revocations as v', 'v.household_id', 'h.id')
    .select(['h.id', 'h.region_path', 'v.generation']).where('h.id', '=', card.householdId).executeTakeFirst();
  if (!h) throw cardError('该服务卡对应的住户已不在系统中', 'the household on this card is no longer registered');
  if ((h.generation ?? 0) !== card.generation) {
    throw cardError('该服务卡已挂失停用，已补办新卡', 'this card was reported lost and withdrawn; a new card was issued',
      '这张服务卡已停用，请使用新卡或联系社区', 'This service card was withdrawn; use the new card or contact the community');
  }
  return { id: h.id, region_path: h.region_path };
}

/**
 * Withdraw a household's service card (挂失补办): every card printed before stops working at once;
 * the answer is the household's new card (a new QR code). In one transaction with its audit row.
 */
export async function revokeCard(db: DB, actor: Actor, householdId: number, reason: string, origin: string) {
  requirePermission(actor, Permission.RegistryWrite);
  await db.transaction().execute(async (trx) => {
    const h = await trx.selectFrom('households').select(['id', 'region_path']).where('id', '=', householdId).forUpdate().executeTakeFirst();
    if (!h) throw new AppError('NOT_FOUND', [], '住户不存在', 'No such household');
    requireInScope(actor, h.region_path, 'householdId');
    const cur = await trx.selectFrom('service_card_revocations').select('generation').where('household_id', '=', h.id).executeTakeFirst();
    const generation = (cur?.generation ?? 0) + 1;
    if (generation > MAX_CARD_GENERATION) throw new AppError('CONFLICT', [{ field: 'householdId', reason: '该户服务卡补办次数已达上限', reason_en: 'this household has used up its card generations' }], '该户服务卡补办次数已达上限', 'No more cards can be issued for this household');
    const row = { generation, reason, revoked_at: new Date(), revoked_by: actor.username };
    await trx.insertInto('service_card_revocations').values({ household_id: h.id, ...row })
      .onConflict((oc) => oc.column('household_id').doUpdateSet(row)).execute();
    await writeAudit(trx, actor, [{ action: 'revoke', entity: 'service_card', entityId: h.id, regionPath: h.region_path,
      before: { generation: cur?.generation ?? 0 }, after: { generation }, meta: { reason } }]);
  });
  return householdCard(db, actor, householdId, origin);
}

/** One household's card, its fields at the top level with the hotline and the expiry date. */
export async function householdCard(db: DB, actor: Actor, householdId: number, origin: string, qr = true) {
  const out = await listCards(db, actor, { householdId, origin, qr });
  return { hotline: out.hotline, expiresOn: out.expiresOn, ...out.items[0] };
}

/** The actor a card submission runs as: nobody signed in, a resident's rights, the card's household as its whole scope. */
export function cardActor(h: { id: number; region_path: string }): Actor {
  return {
    userId: null, username: `card:${h.id}`, displayName: '群众（扫码）', role: 'resident',
    scope: { regionPath: h.region_path, departmentId: null, householdId: h.id },
  };
}
