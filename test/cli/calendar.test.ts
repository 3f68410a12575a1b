// The `lianxin calendar` command as an operator types it, on a fresh embedded database: the
// working-day sum of the issue, a year imported from a State Council notice file, and bad input.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLianxin } from '../helpers/cli.ts';

let dir: string;
const lianxin = (...args: string[]) => runLianxin(dir, ['calendar', ...args], { timeout: 120_000 });

beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-cli-')); });
afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });

describe('lianxin calendar', () => {
  it('prints 2026-10-13 for 7 working days after 2026-09-28', async () => {
    const r = await lianxin('add-workdays', '2026-09-28', '7');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('2026-10-13');
  });

  it('imports a year from a notice file, after which the year is known and counted', async () => {
    const file = path.join(dir, '2027.csv');
    fs.writeFileSync(file, '日期,类型,名称\n2027-01-01,休,元旦\n2027-02-06~2027-02-13,休,春节\n2027-02-20,班,春节调休\n');
    const before = await lianxin('add-workdays', '2027-02-05', '1');
    expect(before.stdout.trim()).toBe('2027-02-08'); // unknown year: weekdays only, and it says so
    expect(before.stderr).toMatch(/2027/);
    const imported = await lianxin('import', file, '--note', '国办发明电〔2026〕1号');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/2027/);
    const after = await lianxin('add-workdays', '2027-02-05', '1');
    expect(after.stdout.trim()).toBe('2027-02-15');
    expect(after.stderr).toBe('');
  });

  it('refuses bad input with a usage line and a non-zero exit', async () => {
    const r = await lianxin('add-workdays', '2026-02-30', '7');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/用法|usage/);
    const missing = await lianxin('import', path.join(dir, 'nope.csv'));
    expect(missing.code).toBe(2);
  });
});
