import { buildApp } from '../../app.ts';
import { sealAudit } from '../../platform/audit.ts';
import { openContext, parseArgs, progressBar } from '../context.ts';
import { ensureDemo } from '../../features/demo/demo.service.ts';
import { startWorkers } from '../../features/requests/delivery.ts';

export const command = {
  summary: '启动平台 Start the platform (web app and API)',
  usage: 'lianxin serve [--port 3000] [--no-demo]',
  async run(args: ReturnType<typeof parseArgs>) {
    const h = await openContext();
    const port = Number(args.port ?? h.config.port);
    if (!args['no-demo']) {
      let bar = progressBar('载入示范区 Loading the demo district', null);
      const loaded = await ensureDemo(h.db, {
        onStart: (total: number) => { bar = progressBar('载入示范区 Loading the demo district', total); },
        onProgress: (n: number) => bar.update(n),
      });
      if (loaded) {
        bar.done(loaded.rows);
        console.log('\n示范区已载入 Demo district loaded. 登录 Logins (username / password):');
        for (const u of loaded.users) console.log(`  ${u.role.padEnd(20)} ${u.username.padEnd(16)} ${u.password}   ${u.displayName}`);
      }
    }
    const app = await buildApp({ db: h.db, config: h.config, engine: h.engine }, { logger: !!args.verbose });
    const timer = setInterval(() => { sealAudit(h.db, { waitMs: 2000 }).catch((e) => console.error('audit seal', e)); }, 10_000);
    const stopWorkers = startWorkers(h.db);
    const stop = async () => { clearInterval(timer); stopWorkers(); await app.close(); await h.close(); process.exit(0); };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    await app.listen({ port, host: h.config.host });
    const admin = await h.db.selectFrom('settings').select('value').where('key', '=', 'demo.admin').executeTakeFirst();
    console.log(`\n连心 Lianxin is running on ${h.engine === 'pglite' ? 'the embedded database (' + h.config.dataDir + ')' : 'PostgreSQL'}`);
    console.log(`  网页 Web:  http://localhost:${port}`);
    console.log(`  接口 API:  http://localhost:${port}/docs`);
    if (admin) {
      const a = admin.value as { username: string; password: string };
      console.log(`  管理员 Administrator login: ${a.username} / ${a.password}`);
    }
  },
};
