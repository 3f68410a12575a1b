// Settings come from the environment, with defaults that make `npm start` work on a fresh machine.
import path from 'node:path';

export interface Config {
  databaseUrl: string | null;   // postgres://… selects PostgreSQL; null means embedded PGlite
  dataDir: string;              // PGlite files, the audit key, uploads
  port: number;
  host: string;
  secureCookies: boolean;
  auditKey: string | null;      // HMAC key for audit rows; generated into dataDir when absent
  trustProxy: boolean;          // believe X-Forwarded-For (only behind our own reverse proxy)
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const url = env.DATABASE_URL?.trim();
  return {
    databaseUrl: url ? url : null,
    dataDir: path.resolve(env.LIANXIN_DATA_DIR ?? './data'),
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    secureCookies: env.LIANXIN_SECURE_COOKIES === '1',
    auditKey: env.LIANXIN_AUDIT_KEY ?? null,
    trustProxy: env.LIANXIN_TRUST_PROXY === '1',
  };
}
