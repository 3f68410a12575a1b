// Getting the word out after the change has committed: outbox events fanned out to webhooks and
// delivered with an HMAC signature and retries; deadline warnings for requests about to run
// late. All state is in the database, so a restart between a change and its delivery loses
// nothing: the next round picks up whatever is pending.
import { createHmac, randomBytes } from 'node:crypto';
import { remindServiceDays } from '../visits/service-days.ts';
import { retrainIfDue } from '../routing/history.ts';
import type { DB } from '../../db/connection.ts';
import { AWAITING_REPLY, type Status } from '../../domain/requests.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import { colourOf } from './requests.repo.ts';
import { reference } from './reference.ts';
import { departmentHandlers, notify } from './notify.ts';

export const MAX_ATTEMPTS = 10;
export const newSecret = () => randomBytes(24).toString('base64url');

/** Whether a webhook subscribed to an event: no filter = all; 'request.*' = a family. */
export function subscribed(events: string[], event: string): boolean {
  if (!events.length) return true;
  return events.some((e) => e === event || (e.endsWith('.*') && event.startsWith(e.slice(0, -1))));
}

/** The signature a receiver recomputes: HMAC-SHA256 over `${timestamp}.${body}` with the webhook's secret. */
export function signature(secret: string, timestamp: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** Seconds before the next attempt: 10 s, 20 s, 40 s … at most an hour. */
export const backoffSeconds = (attempts: number) => Math.min(3600, 10 * 2 ** Math.max(0, attempts - 1));

/** Turn pending outbox events into one delivery per subscribed webhook. */
export async function fanOut(db: DB, limit = 500): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const events = await trx.selectFrom('outbox').select(['id', 'event']).where('fanned_out_at', 'is', null).orderBy('id').limit(limit).forUpdate().skipLocked().execute();
    if (!events.length) return 0;
    const hooks = await trx.selectFrom('webhooks').select(['id', 'events']).where('active', '=', true).execute();
    const rows = events.flatMap((e) => hooks.filter((h) => subscribed(h.events, e.event)).map((h) => ({ outbox_id: e.id, webhook_id: h.id })));
    for (let i = 0; i < rows.length; i += 1000) await trx.insertInto('webhook_deliveries').values(rows.slice(i, i + 1000)).onConflict((oc) => oc.columns(['outbox_id', 'webhook_id']).doNothing()).execute();
    await trx.updateTable('outbox').set({ fanned_out_at: new Date() }).where('id', 'in', events.map((e) => e.id)).execute();
    return events.length;
  });
}

/** Deliver what is due. Each delivery is claimed by pushing its next attempt forward first, so two workers never send it at once. */
export async function deliverDue(db: DB, opts: { limit?: number; timeoutMs?: number; now?: Date } = {}): Promise<{ delivered: number; failed: number }> {
  const now = opts.now ?? new Date();
  const claimed = await db.transaction().execute(async (trx) => {
    const due = await trx.selectFrom('webhook_deliveries as d').innerJoin('webhooks as w', 'w.id', 'd.webhook_id').innerJoin('outbox as o', 'o.id', 'd.outbox_id')
      .select(['d.id', 'd.attempts', 'w.url', 'w.secret', 'o.id as event_id', 'o.event', 'o.payload', 'o.created_at'])
      .where('d.status', '=', 'pending').where('d.next_attempt_at', '<=', now).where('w.active', '=', true)
      .orderBy('d.next_attempt_at').limit(opts.limit ?? 50).forUpdate('d').skipLocked().execute();
    if (due.length) await trx.updateTable('webhook_deliveries').set({ next_attempt_at: new Date(now.getTime() + 120_000) }).where('id', 'in', due.map((d) => d.id)).execute();
    return due;
  });
  let delivered = 0, failed = 0;
  await Promise.all(claimed.map(async (d) => {
    const body = JSON.stringify({ id: d.event_id, event: d.event, createdAt: d.created_at, data: d.payload });
    const ts = String(Math.floor(Date.now() / 1000));
    let error: string | null = null;
    try {
      const r = await fetch(d.url, {
        method: 'POST', body, signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        headers: { 'content-type': 'application/json', 'x-lianxin-event': d.event, 'x-lianxin-delivery': String(d.id), 'x-lianxin-timestamp': ts, 'x-lianxin-signature': signature(d.secret, ts, body) },
      });
      if (!r.ok) error = `HTTP ${r.status}`;
    } catch (e) {
      error = (e as Error).message || String(e);
    }
    const attempts = d.attempts + 1;
    if (!error) {
      delivered++;
      await db.updateTable('webhook_deliveries').set({ status: 'delivered', attempts, delivered_at: new Date(), last_error: null }).where('id', '=', d.id).execute();
    } else {
      const give = attempts >= MAX_ATTEMPTS;
      if (give) failed++;
      await db.updateTable('webhook_deliveries').set({ status: give ? 'failed' : 'pending', attempts, last_error: error.slice(0, 500), next_attempt_at: new Date(Date.now() + backoffSeconds(attempts) * 1000) }).where('id', '=', d.id).execute();
    }
  }));
  return { delivered, failed };
}

/**
 * Warn the department (and the coordinating office) once when an open request turns yellow or
 * red. The flag is cleared whenever the deadline moves (reopen, approved extension).
 */
export async function warnDeadlines(db: DB, now = new Date()): Promise<number> {
  const cal = await loadCalendar(db);
  const { warning } = await reference(db);
  const soon = await db.selectFrom('requests').selectAll().where('warned_at', 'is', null).where('status', 'in', [...AWAITING_REPLY])
    .where('reply_due', '<', new Date(now.getTime() + 10 * 86_400_000)).orderBy('reply_due').limit(2000).execute();
  let warned = 0;
  for (const r of soon) {
    const colour = colourOf(cal, r, now, warning);
    if (colour !== 'yellow' && colour !== 'red') continue;
    await db.transaction().execute(async (trx) => {
      const upd = await trx.updateTable('requests').set({ warned_at: now }).where('id', '=', r.id).where('warned_at', 'is', null).executeTakeFirst();
      if (Number(upd.numUpdatedRows) !== 1) return;
      const users = [...(await departmentHandlers(trx, r.department_id)), r.coordinator_id];
      const title = colour === 'red' ? `已超期 ${r.code}` : `即将到期 ${r.code}`;
      await notify(trx, users, { kind: colour === 'red' ? 'overdue' : 'due_soon', requestId: r.id, title, body: `答复期限 ${new Date(r.reply_due).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}（${(r.status as Status)}）` });
      await trx.insertInto('outbox').values({ event: colour === 'red' ? 'request.overdue' : 'request.due_soon', payload: JSON.stringify({ id: r.id, code: r.code, replyDue: r.reply_due, departmentId: r.department_id }) }).execute();
      warned++;
    });
  }
  return warned;
}

/** The server's background rounds: deliveries every 5 s, deadline warnings every 30 s. */
export function startWorkers(db: DB, log: (msg: string, e: unknown) => void = (m, e) => console.error(m, e), opts: { retrainDataDir?: string } = {}) {
  let busy = false;
  const round = async () => {
    if (busy) return;
    busy = true;
    try { await fanOut(db); await deliverDue(db); } catch (e) { log('webhook delivery', e); } finally { busy = false; }
  };
  const a = setInterval(round, 5_000);
  const timed = () => {
    warnDeadlines(db).catch((e) => log('deadline warnings', e));
    remindServiceDays(db).catch((e) => log('service-day reminders', e));
    if (opts.retrainDataDir) retrainIfDue(db, opts.retrainDataDir).catch((e) => log('routing retrain', e));
  };
  const b = setInterval(timed, 30_000);
  setTimeout(timed, 2_000);
  return () => { clearInterval(a); clearInterval(b); };
}
