// `lianxin pair` on the demo district, as an operator runs it: a preview, then --confirm, then a
// re-run that moves nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLianxin } from '../helpers/cli.ts';

let dir: string;
const lianxin = (...args: string[]) => runLianxin(dir, args);
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-pair-'));
  const d = await lianxin('demo');
  expect(d.code).toBe(0);
}, 180_000);
afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });

describe('lianxin pair', () => {
  it('previews, confirms, and a re-run moves nothing', async () => {
    const preview = await lianxin('pair', '--department', 'liaison-office', '--regions', '370699001');
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/个组 groups, (\d+)\/\1 户 households/);
    expect(preview.stdout).toMatch(/preview only/);
    const confirm = await lianxin('pair', '--department', 'liaison-office', '--regions', '370699001', '--confirm');
    expect(confirm.stdout).toMatch(/已确认 confirmed/);
    const again = await lianxin('pair', '--department', 'liaison-office', '--regions', '370699001');
    expect(again.stdout).toMatch(/变动 moved 0/);
  });
  it('links party members with nearby households, and Donggang’s cadre ↔ member ↔ hardship household', async () => {
    const members = await lianxin('pair', '--shape', 'party-members', '--regions', '370699001', '--confirm');
    expect(members.code, members.stderr).toBe(0);
    const m = /(\d+)\/(\d+) 户已联系 linked/.exec(members.stdout)!;
    expect(Number(m[1])).toBeGreaterThan(0);
    expect(members.stdout).toMatch(/已写入 written: \d+ 户变更/);
    const again = await lianxin('pair', '--shape', 'party-members', '--regions', '370699001');
    expect(again.stdout).toMatch(/变动 moved 0/);
    const triad = await lianxin('pair', '--shape', 'triad', '--department', 'civil-affairs', '--regions', '370699001');
    expect(triad.code, triad.stderr).toBe(0);
    expect(triad.stdout).toMatch(/一对一对一/);
    expect(triad.stdout).toMatch(/preview only/);
    expect((await lianxin('pair', '--shape', 'triad', '--regions', '370699001')).code).toBe(2);
  });
  it('names what it cannot find', async () => {
    const r = await lianxin('pair', '--department', 'nope', '--regions', '370699001');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope/);
  });
});
