// Builds the Fastify app: plugins, the actor hook (cookie session or API token, CSRF on
// cookie writes), the feature routes, the OpenAPI page at /docs and the web app.
import { listenForForget } from './platform/cache-bus.ts';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { CSRF_HEADER, SESSION_COOKIE, sessionActor, tokenActor } from './platform/auth.ts';
import { AppError } from './platform/errors.ts';
import { errorHandler, type AppContext } from './platform/http.ts';
import { featureRoutes } from './features/index.ts';

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function buildApp(ctx: AppContext, opts: { logger?: boolean } = {}) {
  // Only behind a proxy we run may X-Forwarded-For name the client: otherwise anyone could pick
  // the address the login throttle counts.
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 2 * 1024 * 1024, trustProxy: ctx.config.trustProxy });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 512 * 1024 * 1024, files: 1 } });
  await app.register(swagger, {
    openapi: { info: { title: '连心 Lianxin API', version: '0.1.0', description: '党群连心服务平台接口 / Party–masses liaison service API' } },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.decorateRequest('actor', null);
  app.decorateRequest('viaToken', false);
  app.decorateRequest('csrf', null);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      req.actor = await tokenActor(ctx.db, auth.slice(7).trim());
      if (!req.actor) throw new AppError('UNAUTHENTICATED', [], 'API 令牌无效或已吊销', 'API token invalid or revoked');
      req.viaToken = true;
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    const s = await sessionActor(ctx.db, token);
    if (!s) return;
    req.actor = s.actor;
    req.csrf = s.csrf;
    if (!SAFE.has(req.method) && req.headers[CSRF_HEADER] !== s.csrf) throw new AppError('CSRF');
  });

  // Other server processes on the same PostgreSQL tell this one when cached reference data changed.
  const stopListening = await listenForForget(ctx.db).catch((e) => { console.error('cache listener', e); return null; });
  if (stopListening) app.addHook('onClose', async () => { await stopListening(); });

  app.get('/api/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  await app.register(async (api) => {
    for (const routes of featureRoutes) await routes(api as never, ctx);
  });

  if (fs.existsSync(WEB_DIST)) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: true, maxAge: '1h' }); // wildcard: a rebuilt web/dist is served without a restart
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/docs')) {
        // The field app and the resident's card page are pages of their own; everything else is the office app.
        const page = /^\/field(\/|$)/.test(req.url) ? 'field/index.html' : /^\/card(\/|$)/.test(req.url) ? 'card/index.html' : 'index.html';
        return reply.header('cache-control', 'no-cache').sendFile(page);
      }
      return reply.code(404).send(new AppError('NOT_FOUND').toJSON());
    });
  } else {
    app.setNotFoundHandler((req, reply) => {
      if (!req.url.startsWith('/api/')) return reply.type('text/html').send('<p>网页尚未构建：npm run build:web</p>');
      return reply.code(404).send(new AppError('NOT_FOUND').toJSON());
    });
  }
  return app;
}
