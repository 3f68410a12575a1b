// /api/pairing — preview a pairing run for a department's regions, confirm it, and the coverage report.
import { z } from 'zod';
import { actorOrThrow, type Routes } from '../../platform/http.ts';
import { idParams } from '../shared.ts';
import { confirmPairing, coverage, listGroups, previewPairing } from './pairing.service.ts';
import { confirmLinks, householdLinks, previewLinks } from './links.service.ts';

const tags = ['liaison'];
const ids = z.array(z.number().int().positive()).min(1, '请选择区域|choose at least one region').max(500);

export const pairingRoutes: Routes = (app, { db }) => {
  app.post('/api/pairing/preview', { schema: { tags, summary: '联户分组预览 Preview the groups and households (nothing changes yet)', body: z.object({
    departmentId: z.number().int().positive(), regionIds: ids,
    groupSize: z.number().int().min(1).max(3).optional(), experiencedYears: z.number().int().min(0).max(40).optional(),
  }) } }, async (req: any) => previewPairing(db, actorOrThrow(req), req.body));
  app.post('/api/pairing/runs/:id/confirm', { schema: { tags, summary: '确认分组 Confirm a previewed run', params: idParams } }, async (req: any) =>
    confirmPairing(db, actorOrThrow(req), req.params.id));
  app.get('/api/pairing/coverage', { schema: { tags, summary: '无漏户检查 Coverage: households and cadres without a group, group loads', querystring: z.object({
    departmentId: z.coerce.number().int().positive(), regionIds: z.string().transform((s) => s.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0)),
  }) } }, async (req: any) => coverage(db, actorOrThrow(req), req.query.departmentId, req.query.regionIds));

  app.get('/api/liaison-groups', { schema: { tags, summary: '联户组 A department’s groups, members and loads', querystring: z.object({ departmentId: z.coerce.number().int().positive() }) } }, async (req: any) =>
    listGroups(db, actorOrThrow(req), req.query.departmentId));
  const linkBody = z.object({
    shape: z.enum(['party_member', 'triad']), regionIds: ids, departmentId: z.number().int().positive().optional(),
    tags: z.array(z.string().trim().min(1).max(20)).max(20).optional(),
  });
  app.post('/api/liaison-links/preview', { schema: { tags, summary: '党员联户 / 一对一对一 预览 Preview party-member links or cadre–member–household triads', body: linkBody } }, async (req: any) =>
    previewLinks(db, actorOrThrow(req), req.body));
  app.post('/api/liaison-links/confirm', { schema: { tags, summary: '确认联户关系 Write the links (only what changed)', body: linkBody } }, async (req: any) =>
    confirmLinks(db, actorOrThrow(req), req.body));
  app.get('/api/households/:id/links', { schema: { tags, summary: '一户的联系党员与结对干部 A household’s party member and cadre', params: idParams } }, async (req: any) =>
    householdLinks(db, actorOrThrow(req), req.params.id));
};
