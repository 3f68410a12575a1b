// /api/webhooks — where events go (SMS gateways, WeCom bots …). The secret is shown once, at
// creation; deliveries can be listed and a failed one retried.
import { z } from 'zod';
import { Permission } from '../../domain/access.ts';
import { requirePermission } from '../../platform/access.ts';
import { writeAudit } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { actorOrThrow, type Routes } from '../../platform/http.ts';
import { updateVersioned } from '../../db/versioned.ts';
import { assertFound, idParams } from '../shared.ts';
import { newSecret } from './delivery.ts';

const tags = ['webhooks'];
const url = z.string().trim().url('请填写完整的网址|a full URL').refine((u) => /^https?:\/\//.test(u), '只支持 http(s)|http(s) only');
const events = z.array(z.string().trim().regex(/^[a-z_.*]{3,60}$/, '事件名如 request.dispatched 或 request.*|an event such as request.dispatched or request.*')).max(30);
const present = (w: { id: number; name: string; url: string; events: string[]; active: boolean; version: number }) => ({ id: w.id, name: w.name, url: w.url, events: w.events, active: w.active, version: w.version });

export const webhookRoutes: Routes = (app, { db }) => {
  app.get('/api/webhooks', { schema: { tags, summary: '推送地址 Webhooks' } }, async (req: any) => {
    requirePermission(actorOrThrow(req), Permission.WebhookManage);
    const rows = await db.selectFrom('webhooks').selectAll().orderBy('id').execute();
    const stats = await db.selectFrom('webhook_deliveries').select(['webhook_id', 'status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy(['webhook_id', 'status']).execute();
    return rows.map((w) => ({ ...present(w), deliveries: Object.fromEntries(stats.filter((s) => s.webhook_id === w.id).map((s) => [s.status, Number(s.n)])) }));
  });
  app.post('/api/webhooks', { schema: { tags, summary: '新增推送 Add a webhook (the secret is returned once)', body: z.object({ name: z.string().trim().min(1).max(60), url, events: events.default([]) }) } }, async (req: any, reply: any) => {
    const actor = actorOrThrow(req);
    requirePermission(actor, Permission.WebhookManage);
    const secret = newSecret();
    const row = await db.transaction().execute(async (trx) => {
      const w = await trx.insertInto('webhooks').values({ name: req.body.name, url: req.body.url, events: req.body.events, secret }).returningAll().executeTakeFirstOrThrow();
      await writeAudit(trx, actor, [{ action: 'create', entity: 'webhook', entityId: w.id, after: present(w) }]);
      return w;
    });
    return reply.code(201).send({ ...present(row), secret });
  });
  app.patch('/api/webhooks/:id', { schema: { tags, summary: '修改推送 Edit a webhook', params: idParams, body: z.object({ version: z.number().int().positive(), name: z.string().trim().min(1).max(60).optional(), url: url.optional(), events: events.optional(), active: z.boolean().optional() }) } }, async (req: any) => {
    const actor = actorOrThrow(req);
    requirePermission(actor, Permission.WebhookManage);
    const { version, ...patch } = req.body;
    return db.transaction().execute(async (trx) => {
      const before = assertFound(await trx.selectFrom('webhooks').selectAll().where('id', '=', req.params.id).executeTakeFirst(), '推送地址');
      const after = await updateVersioned(trx, 'webhooks', before.id, version, patch);
      await writeAudit(trx, actor, [{ action: 'update', entity: 'webhook', entityId: before.id, before: present(before), after: present(after) }]);
      return present(after);
    });
  });
  app.get('/api/webhooks/:id/deliveries', { schema: { tags, summary: '推送记录 Deliveries', params: idParams, querystring: z.object({ status: z.enum(['pending', 'delivered', 'failed']).optional() }) } }, async (req: any) => {
    requirePermission(actorOrThrow(req), Permission.WebhookManage);
    let q = db.selectFrom('webhook_deliveries as d').innerJoin('outbox as o', 'o.id', 'd.outbox_id')
      .select(['d.id', 'd.status', 'd.attempts', 'd.next_attempt_at', 'd.last_error', 'd.delivered_at', 'o.event', 'o.created_at']).where('d.webhook_id', '=', req.params.id);
    if (req.query.status) q = q.where('d.status', '=', req.query.status);
    return (await q.orderBy('d.id', 'desc').limit(200).execute()).map((d) => ({ id: d.id, event: d.event, status: d.status, attempts: d.attempts, nextAttemptAt: d.next_attempt_at, lastError: d.last_error, deliveredAt: d.delivered_at, createdAt: d.created_at }));
  });
  app.post('/api/webhooks/deliveries/:id/retry', { schema: { tags, summary: '重新推送 Retry a failed delivery', params: idParams } }, async (req: any) => {
    const actor = actorOrThrow(req);
    requirePermission(actor, Permission.WebhookManage);
    const r = await db.updateTable('webhook_deliveries').set({ status: 'pending', next_attempt_at: new Date(), attempts: 0 }).where('id', '=', req.params.id).where('status', '=', 'failed').executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError('ILLEGAL_STEP', [{ field: 'id', reason: '只能重推失败的记录', reason_en: 'only a failed delivery can be retried' }]);
    await db.transaction().execute((trx) => writeAudit(trx, actor, [{ action: 'retry', entity: 'webhook_delivery', entityId: req.params.id }]));
    return { ok: true };
  });
};
