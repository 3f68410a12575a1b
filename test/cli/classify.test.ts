// `lianxin classify` and `lianxin routing retrain` as an operator runs them: the real command,
// texts on standard input, a fresh data directory and no database.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
let dir: string;
const env = () => ({ ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', LIANXIN_DATA_DIR: dir });

function classify(input: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['bin/lianxin.js', 'classify', ...args], { env: env() });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout, stderr }));
    p.stdin.end(input);
  });
}
const lianxin = async (...args: string[]) => {
  try {
    const r = await run(process.execPath, ['bin/lianxin.js', ...args], { env: env(), timeout: 240_000, maxBuffer: 1 << 24 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
};

interface Line { text: string; suggestions: { category: string; score: number }[]; error?: { code: string; message: string; message_en: string }; truncated?: boolean }

beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-classify-')); });
afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });

describe('lianxin classify', () => {
  it('answers one JSON line per input line, top three best first, on a fresh install with no database', async () => {
    const long = '楼上邻居天天半夜装修砸墙，吵得全家睡不着觉。'.repeat(500);
    const input = ['小区门口的路灯坏了一个多月了，晚上黑乎乎的', '', '😀😀😀', '啊', '樓下燒烤攤油煙太大，熏得沒法開窗',
      '我家water pipe爆了，no water since yesterday', long, '村里的低保是怎么评的，我家困难为啥没评上'].join('\n') + '\n';
    const r = await classify(input);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Line);
    expect(lines).toHaveLength(8);
    expect(lines[0].text).toBe('小区门口的路灯坏了一个多月了，晚上黑乎乎的');
    expect(lines[0].suggestions).toHaveLength(3);
    expect(lines[0].suggestions[0].category).toBe('street-lighting');
    for (const l of lines.filter((x) => x.suggestions.length)) {
      expect(l.suggestions).toHaveLength(3);
      for (const s of l.suggestions) { expect(s.score).toBeGreaterThanOrEqual(0); expect(s.score).toBeLessThanOrEqual(1); }
      expect(l.suggestions[0].score).toBeGreaterThanOrEqual(l.suggestions[1].score);
      expect(l.suggestions[1].score).toBeGreaterThanOrEqual(l.suggestions[2].score);
    }
    expect(lines[1]).toMatchObject({ text: '', suggestions: [], error: { code: 'EMPTY_TEXT' } });
    expect(lines[2]).toMatchObject({ text: '😀😀😀', suggestions: [], error: { code: 'NO_CONTENT' } });
    expect(lines[3].suggestions).toHaveLength(3);
    expect(lines[4].suggestions[0].category).toBe('pollution');
    expect(lines[5].suggestions.map((s) => s.category)).toContain('water-drainage');
    expect(lines[6]).toMatchObject({ truncated: true });
    expect(lines[6].suggestions[0].category).toBe('noise');
    expect(lines[7].suggestions[0].category).toBe('social-security');
    // The seed model was trained once and cached under the data dir; a second run reuses it.
    const cached = fs.readdirSync(path.join(dir, 'models')).filter((f) => f.startsWith('classify-seed-'));
    expect(cached).toHaveLength(1);
    const again = await classify('路灯不亮\n');
    expect((JSON.parse(again.stdout) as Line).suggestions[0].category).toBe('street-lighting');
    expect(fs.readdirSync(path.join(dir, 'models')).filter((f) => f.startsWith('classify-seed-'))).toEqual(cached);
  });

  it('handles CRLF input and no trailing newline, and refuses a bad option', async () => {
    const r = await classify('路灯不亮\r\n垃圾没人清');
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Line);
    expect(lines.map((l) => l.text)).toEqual(['路灯不亮', '垃圾没人清']);
    expect(lines[1].suggestions[0].category).toBe('sanitation');
    const bad = await classify('x\n', '--top', 'zero');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/用法|usage/);
  });
});

describe('lianxin routing retrain', () => {
  it('trains on the seed corpus plus a history file, compares with the current model and replaces it when not worse', async () => {
    const history = path.join(dir, 'history.jsonl');
    const rows = [
      ...Array.from({ length: 40 }, (_, i) => JSON.stringify({ text: `${i + 1}号楼门口的路灯又不亮了，晚上看不见路`, category: 'street-lighting' })),
      ...Array.from({ length: 40 }, (_, i) => JSON.stringify({ text: `村东头垃圾池${i + 1}天没人清了，臭得不行`, category: 'sanitation' })),
      'not json', JSON.stringify({ text: '缺类别' }),
    ];
    fs.writeFileSync(history, rows.join('\n') + '\n');
    const dry = await lianxin('routing', 'retrain', '--history', history, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/held-out seed \(n=\d+\)/);
    expect(dry.stdout).toMatch(/当前 current\s+top-1 \d+\.\d%/);
    expect(dry.stdout).toMatch(/新 {3}new\s+top-1 \d+\.\d%/);
    expect(dry.stdout).toMatch(/history 82 行 lines, 2 条跳过 skipped/);
    expect(dry.stdout).toMatch(/dry run/);
    expect(fs.existsSync(path.join(dir, 'models', 'classify-current.lxm'))).toBe(false);

    const out = path.join(dir, 'new.lxm');
    const real = await lianxin('routing', 'retrain', '--history', history, '--force', '--out', out);
    expect(real.code).toBe(0);
    expect(real.stdout).toMatch(/current model replaced/);
    expect(fs.existsSync(out)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'models', 'classify-current.lxm'))).toBe(true);
    // classify now uses the current model, and --model reads a file directly.
    const r = await classify('路灯不亮\n', '--model', out);
    expect((JSON.parse(r.stdout) as Line).suggestions[0].category).toBe('street-lighting');
  });

  it('refuses a missing history file and an unknown subcommand', async () => {
    const missing = await lianxin('routing', 'retrain', '--history', path.join(dir, 'nope.jsonl'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/找不到|not found/);
    const unknown = await lianxin('routing', 'frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/用法|usage/);
  });
});
