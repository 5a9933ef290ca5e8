// Copies the built web dashboard (apps/dashboard/dist) into the server's build output
// (apps/server/dist/dashboard), so the server finds it beside its bundle, in the repository and
// wherever the server's package is installed. Without a dashboard build it copies nothing: the
// server then answers its dashboard routes with 503 and how to build it.
// Usage: node scripts/copy-dashboard.mjs
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = resolve(root, 'apps/dashboard/dist');
const target = resolve(root, 'apps/server/dist/dashboard');
rmSync(target, { recursive: true, force: true });
if (existsSync(resolve(source, 'index.html'))) cpSync(source, target, { recursive: true });
else process.stderr.write('copy-dashboard: apps/dashboard/dist is not built; the server will answer its dashboard routes with 503\n');
