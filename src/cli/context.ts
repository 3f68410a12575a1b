// What every command needs: the configured database, migrated, with the audit key loaded.
import { loadConfig, type Config } from '../platform/config.ts';
import { openDatabase, type DbHandle } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { initAuditKey } from '../platform/audit.ts';

export async function openContext(config: Config = loadConfig()): Promise<DbHandle & { config: Config }> {
  const h = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(h.db);
  initAuditKey(config);
  return { ...h, config };
}

/** Parse `--name value`, `--flag` and positionals. */
export function parseArgs(argv: string[]): { _: string[]; [k: string]: string | boolean | string[] } {
  const out: { _: string[]; [k: string]: string | boolean | string[] } = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=', 2);
      if (v !== undefined) out[k] = v;
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out[k] = argv[++i];
      else out[k] = true;
    } else out._.push(a);
  }
  return out;
}

/** A one-line progress bar on stderr: [█████░░░░░] 52% 520,000/1,000,000 21,300/s */
export function progressBar(label: string, total: number | null) {
  const start = Date.now();
  let last = 0, lastDone = -1;
  const tty = process.stderr.isTTY;
  return {
    update(done: number, force = false) {
      const now = Date.now();
      if (!force && now - last < (tty ? 100 : 2000)) return;
      if (done === lastDone) return;
      last = now; lastDone = done;
      const rate = Math.round(done / Math.max(0.001, (now - start) / 1000));
      const pct = total ? Math.min(100, Math.floor((done / total) * 100)) : null;
      const bar = pct === null ? '' : '[' + '█'.repeat(Math.floor(pct / 5)) + '░'.repeat(20 - Math.floor(pct / 5)) + `] ${pct}% `;
      const line = `${label} ${bar}${done.toLocaleString('en')}${total ? '/' + total.toLocaleString('en') : ''} ${rate.toLocaleString('en')}/s`;
      process.stderr.write(tty ? `\r${line}\x1b[K` : line + '\n');
    },
    done(doneCount: number) { this.update(doneCount, true); if (tty) process.stderr.write('\n'); },
  };
}
