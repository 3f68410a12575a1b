// /api/imports: templates, uploads (streamed to a temp file, then imported) and the job list.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Routes } from '../../platform/http.ts';
import { actorOrThrow } from '../../platform/http.ts';
import { requirePermission, type Actor } from '../../platform/access.ts';
import { Permission } from '../../domain/access.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { contentDisposition, XLSX_TYPE } from '../exports/xlsx.ts';
import { importQuery, jobParams, jobsQuery, kindParams, templateQuery } from './import.schema.ts';
import { TEMPLATE_TITLES, templateCsv, writeTemplateXlsx } from './import.template.ts';
import { runImport, type ImportResult } from './import.service.ts';
import { getJob, listJobs } from './import.repo.ts';

export const presentImport = (r: ImportResult) => ({
  jobId: r.jobId, kind: r.kind, status: r.status, mode: r.mode, format: r.format, total: r.total, inserted: r.inserted,
  updated: r.updated, unchanged: r.unchanged, failed: r.failed, problemCount: r.problemCount, problems: r.problems,
});

function presentJob(j: { id: number; kind: string; filename: string; format: string; mode: string; status: string; total: number; inserted: number;
  updated: number; unchanged: number; failed: number; created_by: number | null; created_at: Date; finished_at: Date | null }) {
  return {
    id: j.id, kind: j.kind, filename: j.filename, format: j.format, mode: j.mode, status: j.status, total: j.total, inserted: j.inserted,
    updated: j.updated, unchanged: j.unchanged, failed: j.failed, createdBy: j.created_by, createdAt: j.created_at, finishedAt: j.finished_at,
  };
}
/** Administrators see every job; everyone else their own. */
const jobOwner = (actor: Actor) => (actor.role === 'admin' ? 'all' as const : actor.userId);

export const importRoutes: Routes = (app, { db }) => {
  app.get('/api/imports/:kind/template', {
    schema: { tags: ['imports'], summary: '下载导入模板 Download an import template', params: kindParams, querystring: templateQuery },
  }, async (req: any, reply: any) => {
    actorOrThrow(req);
    const kind = req.params.kind;
    const name = `${TEMPLATE_TITLES[kind as keyof typeof TEMPLATE_TITLES]}.${req.query.format}`;
    reply.header('content-disposition', contentDisposition(`${kind}-template.${req.query.format}`, name));
    if (req.query.format === 'csv') return reply.type('text/csv; charset=utf-8').send(templateCsv(kind));
    const out = new PassThrough();
    writeTemplateXlsx(kind, out).catch((e) => out.destroy(e));
    return reply.type(XLSX_TYPE).send(out);
  });

  app.post('/api/imports/:kind', {
    schema: { tags: ['imports'], summary: '导入 Import a registry file (multipart field "file")', params: kindParams, querystring: importQuery, consumes: ['multipart/form-data'] },
  }, async (req: any, reply: any) => {
    const actor = actorOrThrow(req);
    requirePermission(actor, Permission.ImportRun);
    if (!req.isMultipart()) {
      throw new AppError('UNSUPPORTED_FILE', [{ field: 'file', reason: '请以 multipart/form-data 上传文件', reason_en: 'upload the file as multipart/form-data' }]);
    }
    const part = await req.file();
    if (!part) throw invalid('file', '请选择要上传的文件', 'choose a file to upload');
    const tmp = path.join(os.tmpdir(), `lianxin-import-${randomBytes(8).toString('hex')}`);
    try {
      await pipeline(part.file, fs.createWriteStream(tmp));
      if (part.file.truncated) throw new AppError('VALIDATION', [{ field: 'file', reason: '文件太大', reason_en: 'the file is too large' }]);
      const r = await runImport(db, { kind: req.params.kind, file: tmp, filename: part.filename || 'upload', mode: req.query.mode, actor });
      const body = presentImport(r);
      if (r.status === 'failed') {
        const details = r.problems.map((p) => ({ row: p.row, field: p.column, value: p.value, reason: p.reason, reason_en: p.reason_en }));
        return reply.code(422).send({ ...new AppError('IMPORT_FAILED', details).toJSON(), ...body });
      }
      return body;
    } finally {
      await fs.promises.rm(tmp, { force: true });
    }
  });

  app.get('/api/imports', {
    schema: { tags: ['imports'], summary: '最近的导入 Recent import jobs', querystring: jobsQuery },
  }, async (req: any) => {
    const actor = actorOrThrow(req);
    requirePermission(actor, Permission.ImportRun);
    const rows = await listJobs(db, jobOwner(actor), req.query.limit);
    return { items: rows.map((j) => ({ ...presentJob(j), problemCount: j.problem_count })) };
  });

  app.get('/api/imports/:id', {
    schema: { tags: ['imports'], summary: '导入结果 One import job with its problems', params: jobParams },
  }, async (req: any) => {
    const actor = actorOrThrow(req);
    requirePermission(actor, Permission.ImportRun);
    const j = await getJob(db, req.params.id);
    const owner = jobOwner(actor);
    if (!j || (owner !== 'all' && j.created_by !== owner)) throw notFound('导入记录');
    return { ...presentJob(j), problems: j.problems };
  });
};
