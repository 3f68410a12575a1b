// /api/service-cards — the office prints a household's service card (便民服务卡 / 走亲连心卡);
// /api/public/card/:token, /api/public/card/:token/suggest and /api/public/requests — the
// resident's page the card's QR code opens (no sign-in): what the card shows, the categories the
// routing model suggests for the text being written, and raising a request for that household.
import { MemoryThrottle, SharedThrottle } from '../../platform/throttle.ts';
import { z } from 'zod';
import { KINDS } from '../../domain/requests.ts';
import { chinaDate } from '../../domain/calendar.ts';
import { normalisePhone } from '../../domain/personal-data.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { actorOrThrow, type Routes } from '../../platform/http.ts';
import { idParams } from '../shared.ts';
import { reference } from '../requests/reference.ts';
import type { IntakeInput } from '../requests/requests.schema.ts';
import { intake } from '../requests/requests.service.ts';
import { loadDefaultModel } from '../routing/model-store.ts';
import { cardActor, cardHousehold, cardSettings, householdCard, listCards, publicCard, revokeCard, saveCardSettings, verifyCardToken } from './cards.ts';

const tags = ['liaison'];
const publicTags = ['public'];

/** New requests from one address: 10 per 10 minutes. */
export const SUBMIT_LIMIT = { count: 10, minutes: 10 };
// Counted in the database, so every server process counts the same submissions.
const submits = new SharedThrottle('card-submit', SUBMIT_LIMIT.count, SUBMIT_LIMIT.minutes * 60_000);
const reads = new MemoryThrottle(300, 10 * 60_000);
/** Category suggestions while a resident writes (asked once typing pauses): 120 per 10 minutes from one address. */
export const SUGGEST_LIMIT = { count: 120, minutes: 10 };
const suggests = new MemoryThrottle(SUGGEST_LIMIT.count, SUGGEST_LIMIT.minutes * 60_000);

function tooMany(reply: { header: (k: string, v: string) => unknown }, seconds: number, zh: string, en: string): never {
  reply.header('retry-after', String(seconds));
  const minutes = Math.ceil(seconds / 60);
  throw new AppError('LOCKED', [{ field: '(request)', reason: `请 ${minutes} 分钟后再试`, reason_en: `try again in ${minutes} min` }], zh, en);
}

const settingsBody = z.object({
  hotline: z.string().trim().min(3, '请填写服务热线|enter the hotline').max(40).refine((s) => /^[\d\-+() ]+$/.test(s), '热线只能包含数字和连字符|digits and hyphens only'),
  baseUrl: z.string().trim().max(200).refine((s) => !s || /^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(s), '网址应以 http:// 或 https:// 开头|must start with http:// or https://').nullish(),
});

const submitBody = z.object({
  token: z.string().trim().max(100).optional(),
  category: z.string().trim().min(1, '请选择诉求类别|choose a category').max(40),
  kind: z.enum(KINDS).default('demand'),
  text: z.string().trim().min(2, '请至少写两个字|write at least two characters').max(2000, '内容过长（最多2000字）|too long (2,000 characters at most)'),
  urgency: z.enum(['normal', 'urgent']).default('normal'),
  anonymous: z.boolean().default(false),
  name: z.string().trim().max(50, '姓名过长|name too long').nullish(),
  phone: z.string().trim().max(30).nullish(),
});

export const serviceCardRoutes: Routes = (app, { db, config }) => {
  const origin = (req: any) => `${req.protocol}://${req.headers.host ?? 'localhost'}`;

  app.get('/api/service-cards', { schema: { tags, summary: '便民服务卡 Service cards of a region (or one liaison group): group, phones, hotline, QR code (≤ 2,000)', querystring: z.object({
    regionId: z.coerce.number().int().positive().optional(),
    groupId: z.coerce.number().int().positive().optional(),
    qr: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  }) } }, async (req: any) => listCards(db, actorOrThrow(req), { ...req.query, origin: origin(req) }));

  app.get('/api/service-cards/households/:id', { schema: { tags, summary: '一户的服务卡 One household’s card', params: idParams,
    querystring: z.object({ qr: z.enum(['true', 'false']).default('true').transform((v) => v === 'true') }) } },
  async (req: any) => householdCard(db, actorOrThrow(req), req.params.id, origin(req), req.query.qr));

  app.post('/api/service-cards/households/:id/revoke', { schema: { tags, summary: '挂失补办 Withdraw a household’s card (lost or misused): every card printed before stops working; answers the new card (registry.write)', params: idParams,
    body: z.object({ reason: z.string().trim().min(2, '请写明挂失原因（至少两个字）|give the reason (two characters at least)').max(200, '原因过长（最多200字）|reason too long (200 characters at most)') }) } },
  async (req: any) => revokeCard(db, actorOrThrow(req), req.params.id, req.body.reason, origin(req)));

  app.get('/api/service-cards/settings', { schema: { tags, summary: '服务卡设置 The hotline and the address printed in the QR codes' } }, async (req: any) => {
    actorOrThrow(req);
    return cardSettings(db);
  });
  app.put('/api/service-cards/settings', { schema: { tags, summary: '设置服务热线 Set the hotline (category.manage)', body: settingsBody } }, async (req: any) =>
    saveCardSettings(db, actorOrThrow(req), { hotline: req.body.hotline, baseUrl: req.body.baseUrl ?? null }));

  // ---- public: no sign-in; the card's token is the only key
  app.get('/api/public/card/:token', { schema: { tags: publicTags, summary: '扫码页信息 What the resident’s page shows (no personal data)', params: z.object({ token: z.string().max(100) }) } }, async (req: any, reply: any) => {
    const wait = reads.wait(req.ip);
    if (wait) tooMany(reply, wait, '访问太频繁，请稍后再试', 'Too many requests; try again later');
    reads.take(req.ip);
    reply.header('cache-control', 'no-store');
    return publicCard(db, req.params.token);
  });

  // The same token check as the card itself; only the top three categories go back — no
  // departments, nothing about the household — and nothing is stored.
  app.post('/api/public/card/:token/suggest', { schema: { tags: publicTags, summary: '扫码页分类推荐 Top three categories for the text a resident is writing (no departments, nothing personal; 120 per 10 min per address)',
    params: z.object({ token: z.string().max(100) }),
    body: z.object({ text: z.string().max(2000, '内容过长（最多2000字）|too long (2,000 characters at most)') }) } }, async (req: any, reply: any) => {
    const wait = suggests.wait(req.ip);
    if (wait) tooMany(reply, wait, '访问太频繁，请稍后再试', 'Too many requests; try again later');
    suggests.take(req.ip);
    reply.header('cache-control', 'no-store');
    await cardHousehold(db, verifyCardToken(req.params.token));
    const { classifier } = await loadDefaultModel({ dataDir: config.dataDir, db });
    const out = classifier.suggest(req.body.text, 3);
    const byCode = new Map([...(await reference(db)).categories.values()].map((c) => [c.code, c]));
    const categories = out.suggestions.flatMap((s) => {
      const c = byCode.get(s.category);
      return c && c.active ? [{ id: c.id, code: c.code, name: c.name, score: s.score }] : [];
    });
    return { categories };
  });

  app.post('/api/public/requests', { schema: { tags: publicTags, summary: '扫码提交诉求 Raise a request from a service card (token in body or X-Card-Token; Idempotency-Key required; 10 per 10 min per address)', body: submitBody } }, async (req: any, reply: any) => {
    const body = req.body as z.infer<typeof submitBody>;
    const token = body.token || (req.headers['x-card-token'] as string | undefined)?.trim();
    if (!token) throw invalid('token', '缺少服务卡二维码信息，请重新扫码', 'the card token is missing; scan the card again');
    const h = await cardHousehold(db, verifyCardToken(token));
    const idemKey = (req.headers['idempotency-key'] as string | undefined)?.trim();
    if (!idemKey || idemKey.length < 8 || idemKey.length > 200) {
      throw new AppError('VALIDATION', [{ field: 'Idempotency-Key', reason: '缺少幂等键（8–200 个字符），请刷新页面后重试', reason_en: 'an Idempotency-Key header (8–200 characters) is required' }]);
    }
    const cat = [...(await reference(db)).categories.values()].find((c) => c.code === body.category && c.active);
    if (!cat) throw invalid('category', '诉求类别不存在或已停用', 'no such category, or it is no longer in use', body.category);
    let phone: string | null = null;
    if (!body.anonymous && body.phone) {
      phone = normalisePhone(body.phone);
      if (!phone) throw invalid('phone', '电话号码格式不对（手机11位，或区号-号码）', 'not a valid phone number', body.phone);
    }
    const actor = cardActor(h);
    // A replay of an earlier submission is answered whatever the throttle says: it creates
    // nothing. (The stored key is intake's: "<actor>:<Idempotency-Key>".)
    const known = await db.selectFrom('requests').select('id').where('idempotency_key', '=', `${actor.username}:${idemKey}`).executeTakeFirst();
    const wait = known ? 0 : await submits.wait(db, req.ip);
    if (wait) tooMany(reply, wait, `提交太频繁：同一网络每 ${SUBMIT_LIMIT.minutes} 分钟最多提交 ${SUBMIT_LIMIT.count} 件，请稍后再试或拨打服务热线`,
      `Too many submissions: at most ${SUBMIT_LIMIT.count} per ${SUBMIT_LIMIT.minutes} minutes from one network; try later or call the hotline`);
    const untake = known ? async () => {} : await submits.take(db, req.ip);
    const input: IntakeInput = {
      kind: body.kind, channel: 'web', categoryId: cat.id, text: body.text, urgency: body.urgency, householdId: h.id,
      anonymous: body.anonymous, confidential: false,
      requester: body.anonymous ? null : { name: body.name || null, phone },
    };
    let out;
    try { out = await intake(db, actor, input, idemKey); } catch (e) { await untake(); throw e; }
    if (out.replayed) await untake();
    const r = out.request;
    const due = new Date(r.replyDue as unknown as string | Date);
    const byHours = /h$/.test(r.replyLimit);
    const dueText = byHours ? `${chinaDate(due)} ${new Date(due.getTime() + 8 * 3600_000).toISOString().slice(11, 16)}` : chinaDate(due);
    return reply.code(out.replayed ? 200 : 201).send({
      code: r.code, replayed: out.replayed, category: cat.name, replyDue: dueText,
      message: body.anonymous
        ? `已收到您的诉求，受理编号 ${r.code}。匿名反映不会回电，可凭编号拨打服务热线查询办理情况。`
        : `已收到您的诉求，受理编号 ${r.code}。我们将在 ${dueText} 前答复您。`,
      message_en: body.anonymous
        ? `Received: request ${r.code}. Anonymous requests are not called back; quote the code on the hotline to follow it.`
        : `Received: request ${r.code}. You will have an answer by ${dueText}.`,
    });
  });
};
