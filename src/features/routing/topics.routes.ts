// /api/routing/places, /api/routing/similar, /api/topics — place names in a text, similar recent
// requests, and hot topics (小专题): the month's proposals, promoting one, the monthly ranking, a
// topic's detail, closing it.
import { z } from 'zod';
import { actorOrThrow, type Routes } from '../../platform/http.ts';
import { idParams } from '../shared.ts';
import { suggestPlace } from './places.service.ts';
import { similarRequests } from './similar.service.ts';
import { closeTopic, listTopics, MONTH_RE, promoteTopic, proposeTopics, topicDetail } from './topics.service.ts';

const tags = ['topics'];
const id = z.number().int().positive();
const month = z.string().regex(MONTH_RE, '月份格式应为 YYYY-MM|month must be YYYY-MM');
const text = z.string().trim().min(1, '请填写诉求内容|write the request text').max(10_000, '内容过长（最多10000字）|too long (10,000 characters at most)');

export const topicRoutes: Routes = (app, { db }) => {
  app.post('/api/routing/places', { schema: { tags, summary: '识别地名 Place names in a text, and where the matter likely is', body: z.object({ text }) } },
    async (req: any) => suggestPlace(db, actorOrThrow(req), req.body.text));

  app.post('/api/routing/similar', { schema: { tags, summary: '相似诉求 Recent similar requests of the same community or within 500 m', body: z.object({
    text,
    categoryId: id.nullish(), regionId: id.nullish(), householdId: id.nullish(),
    lat: z.number().min(-90).max(90).nullish(), lng: z.number().min(-180).max(180).nullish(),
    at: z.string().datetime({ offset: true, message: '时间格式应为 ISO 8601|use an ISO 8601 time' }).nullish(),
    excludeId: id.nullish(),
    days: z.number().int().min(1, '至少1天|at least 1 day').max(90, '最多90天|90 days at most').optional(),
    radiusMetres: z.number().int().min(10).max(5000).optional(),
    limit: z.number().int().min(1).max(50).optional(),
  }) } }, async (req: any) => similarRequests(db, actorOrThrow(req), req.body));

  app.get('/api/topics/proposals', { schema: { tags, summary: '小专题建议 The month’s proposed hot topics in your area', querystring: z.object({
    month: month.optional(), regionId: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(), minSize: z.coerce.number().int().min(2).max(1000).optional(),
  }) } }, async (req: any) => proposeTopics(db, actorOrThrow(req), req.query));

  app.post('/api/topics', { schema: { tags, summary: '升级为专题 Promote requests to a topic with a lead department (request.dispatch)', body: z.object({
    title: z.string().trim().min(2, '请填写专题名称|name the topic').max(100, '名称最多100字|100 characters at most'),
    leadDepartmentId: id,
    requestIds: z.array(id).min(2, '专题至少包含两件诉求|a topic needs at least two requests').max(2000, '一个专题最多2000件诉求|2,000 requests at most'),
    month: month.optional(), label: z.string().trim().max(100).nullish(), note: z.string().trim().max(1000).nullish(),
  }) } }, async (req: any, reply: any) => reply.code(201).send(await promoteTopic(db, actorOrThrow(req), req.body)));

  app.get('/api/topics', { schema: { tags, summary: '专题排行 The month’s topics ranked by volume (每月一题)', querystring: z.object({
    month: month.optional(), status: z.enum(['open', 'closed']).optional(),
  }) } }, async (req: any) => listTopics(db, actorOrThrow(req), req.query));

  app.get('/api/topics/:id', { schema: { tags, summary: '专题详情 A topic: its requests, map points and trend', params: idParams } },
    async (req: any) => topicDetail(db, actorOrThrow(req), req.params.id));

  app.post('/api/topics/:id/close', { schema: { tags, summary: '结束专题 Close a topic (its requests are released)', params: idParams, body: z.object({
    version: id, note: z.string().trim().max(1000).nullish(),
  }) } }, async (req: any) => closeTopic(db, actorOrThrow(req), req.params.id, req.body));
};
