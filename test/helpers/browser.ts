// What every browser test needs: Debian's chromium with the flags this machine wants (no
// background networking: the closed network refuses it), the web app built before the server
// starts (the server decides at start-up whether web/dist exists), a folder for screenshots,
// and a check that CJK glyphs really render.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const SCREENS = '.tmp/screens';

/** Build the web app when missing or stale, and make the screenshot folder. */
export function prepareWeb(): void {
  execFileSync(process.execPath, ['scripts/ensure-web.js'], { stdio: 'inherit' });
  fs.mkdirSync(SCREENS, { recursive: true });
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** Pixels of characters drawn in the page's own font: tofu boxes from a missing CJK font all look alike. */
export async function glyphSignatures(p: Page, chars: string[]): Promise<string[]> {
  return p.evaluate((list) => {
    const font = getComputedStyle(document.body).fontFamily;
    return list.map((ch) => {
      const canvas = document.createElement('canvas');
      canvas.width = 64; canvas.height = 64;
      const g = canvas.getContext('2d')!;
      g.fillStyle = '#fff'; g.fillRect(0, 0, 64, 64);
      g.fillStyle = '#000'; g.font = `48px ${font}`; g.textBaseline = 'top';
      g.fillText(ch, 4, 4);
      const data = g.getImageData(0, 0, 64, 64).data;
      let sig = '';
      for (let i = 0; i < data.length; i += 16) sig += data[i] < 128 ? '1' : '0';
      return sig;
    });
  }, chars);
}

/** Sign in through the office app's form and wait for its header. */
export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(baseUrl + '/#/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.locator('button[type=submit]').click();
  await page.locator('.ant-layout-header').waitFor();
}
