#!/usr/bin/env node
// Launcher: runs the compiled CLI from dist/ when it exists and is at least as new as every source file
// (after `npm run build`), otherwise the TypeScript sources through tsx (a development checkout, or a
// dist/ left behind by an older build, which would run stale code).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const built = join(root, 'dist', 'cli', 'main.js');

/** Newest modification time under a folder (the sources: a few hundred files, a few milliseconds). */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const src = join(root, 'src');
const fresh = existsSync(built) && (!existsSync(src) || statSync(built).mtimeMs >= newest(src));
if (fresh) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(src, 'cli', 'main.ts')).href);
}
