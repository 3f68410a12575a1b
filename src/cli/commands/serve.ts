import cluster from 'node:cluster';
import { buildApp } from '../../app.ts';
import { sealAudit } from '../../platform/audit.ts';
import { openContext, parseArgs, progressBar } from '../context.ts';
import { ensureDemo } from '../../features/demo/demo.service.ts';
import { startWorkers } from '../../features/requests/delivery.ts';

export const command = {
  summary: '启动平台 Start the platform (web app and API)',
  usage: 'lianxin serve [--port 3000] [--no-demo] [--workers N]   (--workers: N server processes on PostgreSQL)',
  async run(args: ReturnType<typeof parseArgs>) {
    const workers = Number(args.workers ?? process.env.LIANXIN_WORKERS ?? 1);
    if (!Number.isInteger(workers) || workers < 1 || workers > 64) { console.error('--workers 应为 1–64 的整数 (must be an integer 1–64)'); return 2; }
    if (workers > 1 && !process.env.DATABASE_URL) { console.error('多进程只适用于 PostgreSQL（设置 DATABASE_URL）— the embedded database serves one process'); return 2; }
    // Several processes share the port (node:cluster); the first also runs the background work.
    const background = !cluster.isWorker || cluster.worker?.id === 1;
    if (workers > 1 && cluster.isPrimary) {
      const h = await openContext();
      if (!args['no-demo']) await ensureDemo(h.db);
      await h.close();
      for (let i = 0; i < workers; i++) cluster.fork();
      cluster.on('exit', (w, code) => { if (code !== 0) { console.error(`进程 ${w.id} 退出 (worker exited ${code})，重新启动`); cluster.fork(); } });
      console.log(`连心 Lianxin: ${workers} 个服务进程 server processes on port ${Number(args.port ?? process.env.PORT ?? 3000)}`);
      return new Promise<number>(() => {});
    }
    const h = await openContext();
    const port = Number(args.port ?? h.config.port);
    if (!args['no-demo'] && !cluster.isWorker) {
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
    const timer = background ? setInterval(() => { sealAudit(h.db, { waitMs: 2000 }).catch((e) => console.error('audit seal', e)); }, 10_000) : undefined;
    const stopWorkers = background ? startWorkers(h.db, undefined, { retrainDataDir: h.config.dataDir }) : () => {};
    const stop = async () => { clearInterval(timer); stopWorkers(); await app.close(); await h.close(); process.exit(0); };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    await app.listen({ port, host: h.config.host });
    if (cluster.isWorker) return new Promise<number>(() => {});
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
