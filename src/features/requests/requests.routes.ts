// /api/requests — intake, the queues, a request's page, its steps, supervision; /api/notifications.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Permission, requestsByDepartment } from '../../domain/access.ts';
import { ACTION_ZH, allowedActions, type Side } from '../../domain/requests.ts';
import { can, requirePermission } from '../../platform/access.ts';
import { writeAudit } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { actorOrThrow, type Routes } from '../../platform/http.ts';
import { idParams, paginate, regionFilterPath } from '../shared.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import { routeDepartment } from './categories.ts';
import { boardOrder, listQuery, loadVisible, namesFor, presentRequest, type ListFilters } from './requests.repo.ts';
import { actionBody, actionParams, duplicatesQuery, intakeBody, listQuerySchema, superviseBody } from './requests.schema.ts';
import { act, findDuplicates, intake, revealRequester, stateOf, supervise, timeline } from './requests.service.ts';

const tags = ['requests'];
const MAX_ATTACHMENT = 10 * 1024 * 1024;
const MAX_ATTACHMENTS = 9;

/** Photo types by their first bytes, not by what the client claims. */
export function sniffImage(b: Buffer): string | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 12 && b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  if (b.length >= 12 && b.subarray(4, 8).toString('latin1') === 'ftyp' && /^(heic|heix|mif1|msf1)$/.test(b.subarray(8, 12).toString('latin1'))) return 'image/heic';
  return null;
}

export const requestRoutes: Routes = (app, { db }) => {
  app.post('/api/requests', { schema: { tags, summary: '登记诉求 Record a request (Idempotency-Key header makes retries safe)', body: intakeBody } }, async (req: any, reply: any) => {
    const actor = actorOrThrow(req);
    const key = (req.headers['idempotency-key'] as string | undefined)?.trim() || null;
    if (key && key.length > 200) throw new AppError('VALIDATION', [{ field: 'Idempotency-Key', reason: '幂等键过长', reason_en: 'Idempotency-Key is too long' }]);
    const out = await intake(db, actor, req.body, key);
    return reply.code(out.replayed ? 200 : 201).send(out);
  });

  app.get('/api/requests', { schema: { tags, summary: '诉求列表 Requests (board order: overdue, supervised, nearest deadline)', querystring: listQuerySchema } }, async (req: any) => {
    const actor = actorOrThrow(req);
    requirePermission(actor, Permission.RequestRead);
    const f = req.query;
    const filters: ListFilters = { ...f, regionPath: await regionFilterPath(db, actor, f.regionId), topLevel: !f.parentId && f.queue !== 'department' };
    if (f.queue === 'board') { filters.status = f.status ?? ['received', 'returned', 'escalated']; }
    if (f.queue === 'followup') filters.status = ['resolved'];
    if (f.queue === 'department') { filters.status = f.status ?? ['dispatched', 'in_progress', 'reopened', 'constrained', 'replied']; if (requestsByDepartment(actor.role)) filters.departmentId = actor.scope.departmentId ?? -1; }
    if (f.queue === 'supervision') { filters.supervised = true; filters.status = f.status ?? ['received', 'escalated', 'dispatched', 'returned', 'in_progress', 'constrained', 'replied', 'resolved', 'reopened', 'joint']; }
    let q = listQuery(db, actor, filters);
    if (f.queue === 'mine') q = q.where((eb: any) => eb.or([eb('requests.received_by', '=', actor.userId ?? -1), eb('requests.requester_user_id', '=', actor.userId ?? -1)]));
    const page = await paginate(db, q, f.page, f.pageSize, boardOrder);
    const cal = await loadCalendar(db);
    const names = await namesFor(db, page.items);
    let items = page.items.map((r) => presentRequest(r, actor, names, cal));
    if (f.colour && f.colour !== 'red') items = items.filter((i) => i.colour === f.colour);
    return { ...page, items };
  });

  app.get('/api/requests/duplicates', { schema: { tags, summary: '疑似重复 Likely duplicates while entering a request', querystring: duplicatesQuery } }, async (req: any) => {
    const actor = actorOrThrow(req);
    requirePermission(actor, Permission.RequestCreate);
    return { items: await findDuplicates(db, actor, req.query) };
  });

  app.get('/api/requests/:id', { schema: { tags, summary: '诉求详情 A request with its orders, extensions and what you may do next', params: idParams } }, async (req: any) => {
    const actor = actorOrThrow(req);
    requirePermission(actor, Permission.RequestRead);
    const r = await loadVisible(db, actor, req.params.id);
    const children = await db.selectFrom('requests').selectAll().where('parent_id', '=', r.id).orderBy('id').execute();
    const merged = await db.selectFrom('requests').selectAll().where('merged_into', '=', r.id).orderBy('id').execute();
    const cal = await loadCalendar(db);
    const names = await namesFor(db, [r, ...children, ...merged]);
    const sides: Side[] = [];
    if (can(actor, Permission.RequestDispatch)) sides.push('office');
    if (can(actor, Permission.RequestDecide)) sides.push('leader');
    if (can(actor, Permission.RequestHandle) && (!requestsByDepartment(actor.role) || r.department_id === actor.scope.departmentId)) sides.push('department');
    const state = stateOf(r, children.length > 0);
    const actions = [...new Set(sides.flatMap((s) => allowedActions(state, s)))].map((a) => ({ action: a, label: ACTION_ZH[a] }));
    const [extensions, supervisions, attachments] = await Promise.all([
      db.selectFrom('request_extensions').selectAll().where('request_id', '=', r.id).orderBy('id').execute(),
      db.selectFrom('request_supervisions').selectAll().where('request_id', '=', r.id).orderBy('id').execute(),
      db.selectFrom('request_attachments').select(['id', 'filename', 'mime', 'size', 'created_at']).where('request_id', '=', r.id).orderBy('id').execute(),
    ]);
    return {
      ...presentRequest(r, actor, names, cal),
      children: children.map((c) => presentRequest(c, actor, names, cal)),
      merged: merged.map((m) => presentRequest(m, actor, names, cal)),
      extensions: extensions.map((e) => ({ id: e.id, days: e.days, reason: e.reason, status: e.status, requestedAt: e.requested_at, decidedAt: e.decided_at, decisionNote: e.decision_note, oldDue: e.old_due, newDue: e.new_due })),
      supervisions: supervisions.map((s) => ({ id: s.id, level: s.level, comment: s.comment, due: s.due, by: s.by_name, at: s.at })),
      attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, mime: a.mime, size: a.size, createdAt: a.created_at })),
      suggestedDepartment: can(actor, Permission.RequestDispatch) || can(actor, Permission.RequestDecide) ? await routeDepartment(db, r.category_id, r.region_path) : null,
      actions,
      canSupervise: can(actor, Permission.RequestSupervise) && !['closed', 'merged'].includes(r.status),
    };
  });

  app.get('/api/requests/:id/timeline', { schema: { tags, summary: '办理过程 The whole timeline', params: idParams } }, async (req: any) => {
    const actor = actorOrThrow(req);
    requirePermission(actor, Permission.RequestRead);
    return { items: await timeline(db, actor, req.params.id) };
  });

  app.post('/api/requests/:id/actions/:action', { schema: { tags, summary: '办理步骤 Take a step (dispatch, accept, return, reply, resolve, follow_up …)', params: actionParams, body: actionBody } }, async (req: any) =>
    act(db, actorOrThrow(req), req.params.id, req.params.action, req.body));

  app.post('/api/requests/:id/supervise', { schema: { tags, summary: '督办 Supervise (normal / yellow / red card)', params: idParams, body: superviseBody } }, async (req: any) =>
    supervise(db, actorOrThrow(req), req.params.id, req.body));

  app.post('/api/requests/:id/reveal', { schema: { tags, summary: '查看诉求人完整电话（留痕） Reveal the requester’s phone (audited)', params: idParams } }, async (req: any) =>
    revealRequester(db, actorOrThrow(req), req.params.id));

  app.post('/api/requests/:id/attachments', { schema: { tags, summary: '上传照片 Attach a photo (JPEG, PNG, WebP, HEIC; ≤ 10 MB; multipart field "file")', params: idParams, consumes: ['multipart/form-data'] } }, async (req: any, reply: any) => {
    const actor = actorOrThrow(req);
    const r = await loadVisible(db, actor, req.params.id);
    if (!can(actor, Permission.RequestCreate) && !can(actor, Permission.RequestHandle)) requirePermission(actor, Permission.RequestCreate);
    if (!req.isMultipart()) throw new AppError('UNSUPPORTED_FILE', [{ field: 'file', reason: '请以 multipart/form-data 上传', reason_en: 'upload as multipart/form-data' }]);
    const part = await req.file({ limits: { fileSize: MAX_ATTACHMENT } });
    if (!part) throw new AppError('VALIDATION', [{ field: 'file', reason: '没有收到文件', reason_en: 'no file received' }]);
    const data: Buffer = await part.toBuffer().catch(() => null);
    if (!data || part.file.truncated) throw new AppError('VALIDATION', [{ field: 'file', reason: '照片不能超过 10 MB', reason_en: 'a photo may be 10 MB at most' }], '文件过大', 'File too large');
    const mime = sniffImage(data);
    if (!mime) throw new AppError('UNSUPPORTED_FILE', [{ field: 'file', reason: '只接受 JPEG、PNG、WebP 或 HEIC 照片', reason_en: 'only JPEG, PNG, WebP or HEIC photos', value: part.mimetype }]);
    const count = await db.selectFrom('request_attachments').select((eb) => eb.fn.countAll<number>().as('n')).where('request_id', '=', r.id).executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_ATTACHMENTS) throw new AppError('VALIDATION', [{ field: 'file', reason: `每件诉求最多 ${MAX_ATTACHMENTS} 张照片`, reason_en: `at most ${MAX_ATTACHMENTS} photos per request` }]);
    const sha256 = createHash('sha256').update(data).digest('hex');
    const row = await db.transaction().execute(async (trx) => {
      const a = await trx.insertInto('request_attachments').values({ request_id: r.id, filename: String(part.filename ?? 'photo').slice(0, 200), mime, size: data.length, sha256, data, uploaded_by: actor.userId })
        .returning(['id', 'filename', 'mime', 'size', 'created_at']).executeTakeFirstOrThrow();
      await writeAudit(trx, actor, [{ action: 'attach', entity: 'request', entityId: r.id, regionPath: r.region_path, after: { attachment: a.id, filename: a.filename, mime, size: data.length, sha256 } }]);
      return a;
    });
    return reply.code(201).send({ id: row.id, filename: row.filename, mime: row.mime, size: row.size, createdAt: row.created_at });
  });

  app.get('/api/requests/:id/attachments/:aid', { schema: { tags, summary: '查看照片 A photo', params: z.object({ id: z.coerce.number().int().positive(), aid: z.coerce.number().int().positive() }) } }, async (req: any, reply: any) => {
    const actor = actorOrThrow(req);
    requirePermission(actor, Permission.RequestRead);
    const r = await loadVisible(db, actor, req.params.id);
    const a = await db.selectFrom('request_attachments').selectAll().where('id', '=', req.params.aid).where('request_id', '=', r.id).executeTakeFirst();
    if (!a) throw new AppError('NOT_FOUND', [], '照片不存在');
    return reply.header('content-type', a.mime).header('cache-control', 'private, max-age=86400').header('x-content-type-options', 'nosniff').send(Buffer.from(a.data));
  });

  // ---- inbox
  app.get('/api/notifications', { schema: { tags: ['notifications'], summary: '我的消息 My inbox', querystring: z.object({ unread: z.enum(['true', 'false']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }) } }, async (req: any) => {
    const actor = actorOrThrow(req);
    let q = db.selectFrom('notifications').selectAll().where('user_id', '=', actor.userId ?? -1);
    if (req.query.unread === 'true') q = q.where('read_at', 'is', null);
    const items = await q.orderBy('id', 'desc').limit(req.query.limit).execute();
    const unread = await db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', actor.userId ?? -1).where('read_at', 'is', null).executeTakeFirstOrThrow();
    return { unread: Number(unread.n), items: items.map((n) => ({ id: n.id, kind: n.kind, requestId: n.request_id, title: n.title, body: n.body, createdAt: n.created_at, readAt: n.read_at })) };
  });
  app.post('/api/notifications/read', { schema: { tags: ['notifications'], summary: '标为已读 Mark read (ids, or all)', body: z.object({ ids: z.array(z.number().int().positive()).max(500).optional() }) } }, async (req: any) => {
    const actor = actorOrThrow(req);
    let q = db.updateTable('notifications').set({ read_at: new Date() }).where('user_id', '=', actor.userId ?? -1).where('read_at', 'is', null);
    if (req.body.ids) q = q.where('id', 'in', req.body.ids.length ? req.body.ids : [-1]);
    const r = await q.executeTakeFirst();
    return { marked: Number(r.numUpdatedRows) };
  });
};
