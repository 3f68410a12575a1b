#!/usr/bin/env node
// The `lianxin` command. Runs the TypeScript sources through tsx so there is no build step
// between `npm install` and a working command.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
