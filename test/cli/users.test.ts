// `lianxin users` from the server's shell, on a fresh embedded database: a user, a token for a
// machine client, the user's tokens listed (never the secret) and one revoked; revoking it again
// fails with a message and a non-zero exit.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLianxin } from '../helpers/cli.ts';

let dir: string;
const lianxin = (...args: string[]) => runLianxin(dir, ['users', ...args], { timeout: 120_000 });

beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-cli-users-')); });
afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });

describe('lianxin users', () => {
  it('makes, lists and revokes an API token', async () => {
    const add = await lianxin('add', 'gateway', '--role', 'admin', '--name', '短信网关', '--password', 'Gateway-2026-pass');
    expect(add.code, add.stderr).toBe(0);
    const made = await lianxin('token', 'gateway', '--name', 'sms');
    expect(made.code, made.stderr).toBe(0);
    const token = made.stdout.trim();
    expect(token).toMatch(/^lxt_/);
    const list = await lianxin('tokens', 'gateway');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`${token.slice(0, 10)}…`);
    expect(list.stdout).toContain('有效 active');
    expect(list.stdout).not.toContain(token);
    const id = list.stdout.trim().split(/\s+/)[0];
    const revoked = await lianxin('revoke-token', id);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain('已吊销');
    expect((await lianxin('tokens', 'gateway')).stdout).toContain('已吊销 revoked');
    const again = await lianxin('revoke-token', id);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('已吊销');
    expect((await lianxin('revoke-token', 'x')).code).toBe(2);
  }, 180_000);
});
