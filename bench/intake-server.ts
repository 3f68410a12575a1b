// The server half of bench/intake.ts, in its own process like a real deployment: opens the
// benchmark schema and listens on a free port, which it prints as JSON on the first line.
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { benchDatabase, PG_URL } from './lib.ts';

const h = await benchDatabase('postgres', process.argv[2] ?? 'bench_intake');
const app = await buildApp({ db: h.db, config: { ...loadConfig({}), databaseUrl: PG_URL, dataDir: '.tmp' }, engine: 'postgres' });
await app.listen({ port: 0, host: '127.0.0.1' });
console.log(JSON.stringify({ port: (app.server.address() as AddressInfo).port }));
const stop = async () => { await app.close(); await h.close(); process.exit(0); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
