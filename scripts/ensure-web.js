#!/usr/bin/env node
// Before `npm start`: build the web app when web/dist is missing or older than its sources,
// so a fresh `npm install && npm start` serves the pages without a separate build step.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dist = 'web/dist/index.html';
function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}
const built = fs.existsSync(dist) ? fs.statSync(dist).mtimeMs : 0;
const sources = Math.max(newest('web/src'), newest('web/field'), newest('web/card'), fs.existsSync('web/public') ? newest('web/public') : 0, fs.statSync('web/index.html').mtimeMs, fs.statSync('web/vite.config.ts').mtimeMs);
if (built < sources) {
  console.log('构建网页 Building the web app…');
  const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } }); // under vitest NODE_ENV=test would build React's development files
  if (r.status !== 0) process.exit(r.status ?? 1);
}
