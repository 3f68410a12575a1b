// The server half of bench/intake.ts, in its own process(es) like a real deployment: opens the
// benchmark schema and listens on a free port, which it prints as JSON on the first line.
// With a third argument N > 1, N processes share the port through node:cluster (as
// `lianxin serve --workers N`).
import cluster from 'node:cluster';
import net, { type AddressInfo } from 'node:net';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { benchDatabase, PG_URL } from './lib.ts';

const schema = process.argv[2] ?? 'bench_intake';
const workers = Number(process.argv[3] ?? 1);

if (workers > 1 && cluster.isPrimary) {
  const port = await new Promise<number>((resolve) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as AddressInfo).port; s.close(() => resolve(p)); }); });
  let listening = 0;
  for (let i = 0; i < workers; i++) cluster.fork({ BENCH_PORT: String(port) }).on('listening', () => { if (++listening === workers) console.log(JSON.stringify({ port })); });
  const stop = () => { for (const w of Object.values(cluster.workers ?? {})) w?.kill(); process.exit(0); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  const h = await benchDatabase('postgres', schema);
  const app = await buildApp({ db: h.db, config: { ...loadConfig({}), databaseUrl: PG_URL, dataDir: '.tmp' }, engine: 'postgres' });
  await app.listen({ port: Number(process.env.BENCH_PORT ?? 0), host: '127.0.0.1' });
  if (!cluster.isWorker) console.log(JSON.stringify({ port: (app.server.address() as AddressInfo).port }));
  const stop = async () => { await app.close(); await h.close(); process.exit(0); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
