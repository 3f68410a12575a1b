// The `lianxin` command as an operator types it, in a child process on the embedded database
// of its own folder: exit code, standard output and standard error, never a throw.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
export interface CliResult { code: number; stdout: string; stderr: string }

export async function runLianxin(dataDir: string, args: string[], opts: { timeout?: number } = {}): Promise<CliResult> {
  try {
    const r = await run(process.execPath, ['bin/lianxin.js', ...args], {
      env: { ...process.env, DATABASE_URL: '', LIANXIN_DATA_DIR: dataDir }, timeout: opts.timeout ?? 180_000, maxBuffer: 1 << 24,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}
