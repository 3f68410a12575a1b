// lianxin <command> — everything operational. Each command lives in cli/commands/<name>.ts.
import { parseArgs } from './context.ts';

interface Command { summary: string; usage: string; run(args: ReturnType<typeof parseArgs>): Promise<number | void> }

const commands: Record<string, () => Promise<{ command: Command }>> = {
  serve: () => import('./commands/serve.ts'),
  demo: () => import('./commands/demo.ts'),
  import: () => import('./commands/import.ts'),
  export: () => import('./commands/export.ts'),
  users: () => import('./commands/users.ts'),
  audit: () => import('./commands/audit.ts'),
  migrate: () => import('./commands/migrate.ts'),
  calendar: () => import('./commands/calendar.ts'),
  pair: () => import('./commands/pair.ts'),
  classify: () => import('./commands/classify.ts'),
  routing: () => import('./commands/routing.ts'),
};

async function main() {
  const [name, ...rest] = process.argv.slice(2);
  if (!name || name === '--help' || name === 'help' || !commands[name]) {
    console.log('用法 Usage: lianxin <command> [options]\n');
    for (const [n, load] of Object.entries(commands)) {
      try { const { command } = await load(); console.log(`  ${n.padEnd(8)} ${command.summary}\n           ${command.usage}`); }
      catch { /* command not built yet */ }
    }
    process.exitCode = name && !commands[name] && name !== '--help' && name !== 'help' ? 2 : 0;
    return;
  }
  const { command } = await commands[name]();
  const code = await command.run(parseArgs(rest));
  if (typeof code === 'number') process.exitCode = code;
}

main().catch((e) => {
  const msg = e?.toJSON ? JSON.stringify(e.toJSON(), null, 2) : (e?.stack ?? String(e));
  console.error(msg);
  process.exitCode = 1;
});
