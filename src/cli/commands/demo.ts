// lianxin demo — load the generated island district (长屿区) at the 长岛 report's scale, or a
// multiple of it for benchmarks, and print a login for every role.
import { sql } from 'kysely';
import { DEFAULT_SEED } from '../../domain/demo/plan.ts';
import { ROLE_LABELS, isRole } from '../../domain/access.ts';
import { loadDemo } from '../../features/demo/demo.service.ts';
import { openContext, parseArgs, progressBar } from '../context.ts';

// The registry and the people who log in to it. `cascade` also empties whatever other
// features keep about them (requests, visits …); the audit trail is append-only and stays.
const REGISTRY_TABLES = ['regions', 'household_tags', 'buildings', 'households', 'residents', 'shops', 'departments',
  'party_orgs', 'cadres', 'users', 'sessions', 'api_tokens'];

/** Display width in a terminal: CJK characters take two columns. */
const width = (s: string) => [...s].reduce((w, c) => w + (/[\u1100-\uffff]/.test(c) ? 2 : 1), 0);
const padTo = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - width(s)));

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const line = (r: string[]) => '  ' + r.map((c, i) => padTo(c, widths[i])).join('  ').trimEnd();
  return [line(header), '  ' + widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export const command = {
  summary: '生成示范区 Generate the demo district',
  usage: 'lianxin demo [--scale 1] [--seed N] [--force]',
  async run(args: ReturnType<typeof parseArgs>) {
    const scale = Number(args.scale ?? 1), seed = Number(args.seed ?? DEFAULT_SEED);
    if (!(scale > 0 && scale <= 1000)) {
      console.error(`--scale 应为 0 到 1000 之间的数 must be a number above 0 and at most 1000 (got ${String(args.scale)})`);
      return 2;
    }
    if (!Number.isSafeInteger(seed)) {
      console.error(`--seed 应为整数 must be an integer (got ${String(args.seed)})`);
      return 2;
    }
    const h = await openContext();
    try {
      const regions = Number((await sql<{ n: number }>`select count(*) as n from regions`.execute(h.db)).rows[0].n);
      const marker = await h.db.selectFrom('settings').select('key').where('key', '=', 'demo').executeTakeFirst();
      if ((regions > 0 || marker) && !args.force) {
        console.error('数据库中已有数据（区域或示范区），未做任何更改。如要清空登记数据并重新生成，请加 --force。');
        console.error('The database already holds data (regions or a demo district); nothing was changed. Add --force to empty the registry and regenerate.');
        return 1;
      }
      if (args.force) {
        console.log(`清空 Emptying: ${REGISTRY_TABLES.join(', ')} (审计日志保留 the audit trail is kept)`);
        await sql`truncate ${sql.join(REGISTRY_TABLES.map((t) => sql.table(t)))} restart identity cascade`.execute(h.db);
        await h.db.deleteFrom('settings').where('key', 'in', ['demo', 'demo.admin', 'demo.users']).execute();
      }

      const started = performance.now();
      let bar: ReturnType<typeof progressBar> | null = null;
      let written = 0;
      const loaded = await loadDemo(h.db, {
        scale, seed,
        onStart: (total) => { bar = progressBar(`示范区 Demo ×${scale} (${h.engine})`, total); },
        onProgress: (n) => { written = n; bar?.update(n); },
        onStage: (stage) => {
          bar?.done(written);
          bar = null;
          if (stage === 'indexes') process.stderr.write('建立索引和外键 Building indexes and foreign keys …\n');
        },
      });
      const seconds = (performance.now() - started) / 1000;
      console.log(`\n已载入 Loaded ${loaded.rows.toLocaleString('en')} rows in ${seconds.toFixed(1)} s ` +
        `(${Math.round(loaded.rows / seconds).toLocaleString('en')} rows/s) into ${h.engine === 'pglite' ? h.config.dataDir : 'PostgreSQL'}; seed ${seed}, scale ${scale}\n`);
      console.log('登录 Logins:');
      console.log(table(['角色 Role', '用户名 Username', '密码 Password', '姓名 Name'],
        loaded.users.map((u) => [`${isRole(u.role) ? ROLE_LABELS[u.role].zh : ''} ${u.role}`, u.username, u.password, u.displayName])));
    } finally {
      await h.close();
    }
  },
};
