#!/usr/bin/env node
// Entry point for `npm start`, `npx padu` and the `padu` command: runs the TypeScript sources
// through tsx, so there is no build step between `npm install` and a running Padu.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
