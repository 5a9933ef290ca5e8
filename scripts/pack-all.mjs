// Packs the published packages (@router/core, @router/store, @router/cli) into a folder as npm tarballs.
// Usage: node scripts/pack-all.mjs [destination]   (default: .pack/). Run `pnpm build` first.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const destination = resolve(process.argv[2] ?? resolve(root, '.pack'));
mkdirSync(destination, { recursive: true });
// The pinned pnpm through npx: pnpm 12's npm_execpath is a native binary, not a script node can run.
execFileSync('npx', ['-y', 'pnpm@12.21.0', '--filter', '@router/core', '--filter', '@router/store', '--filter', '@router/cli', 'pack', '--pack-destination', destination], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
for (const name of readdirSync(destination).filter((file) => file.endsWith('.tgz'))) console.log(resolve(destination, name));
