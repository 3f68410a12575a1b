// What every route uses: the typed app, the signed-in actor, and error shaping.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { DB } from '../db/connection.ts';
import type { Config } from './config.ts';
import type { Actor } from './access.ts';
import { AppError, fromDbError } from './errors.ts';
import { zodIssuesToDetails } from './validation.ts';

declare module 'fastify' {
  interface FastifyRequest { actor: Actor | null; viaToken: boolean; csrf: string | null }
}

export interface AppContext { db: DB; config: Config; engine: 'pglite' | 'postgres' }
export type App = FastifyInstance & { withTypeProvider<T = ZodTypeProvider>(): any };
export type Routes = (app: ReturnType<FastifyInstance['withTypeProvider']> & FastifyInstance, ctx: AppContext) => void | Promise<void>;

export function actorOrThrow(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return req.actor;
}

export function requestMeta(req: FastifyRequest) {
  return { ip: req.ip, userAgent: (req.headers['user-agent'] as string | undefined) ?? null };
}

export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) return reply.code(err.status).send(err.toJSON());
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as { validationContext?: string }).validationContext ?? 'body';
    const e = new AppError('VALIDATION', zodIssuesToDetails(err.validation as never[], where === 'body' ? '' : where));
    return reply.code(400).send(e.toJSON());
  }
  const db = fromDbError(err);
  if (db) return reply.code(db.status).send(db.toJSON());
  const e = err as { statusCode?: number; code?: string; message?: string };
  if (e.statusCode && e.statusCode < 500) {
    const ae = new AppError('VALIDATION', [{ field: '(request)', reason: '请求格式不正确', reason_en: e.message ?? 'bad request' }]);
    return reply.code(e.statusCode).send({ ...ae.toJSON(), code: e.statusCode === 413 ? 'TOO_LARGE' : ae.code });
  }
  req.log.error(err);
  return reply.code(500).send(new AppError('INTERNAL').toJSON());
}
