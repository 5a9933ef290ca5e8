// Packs the published packages (@router/core, @router/store, @router/cli) into a folder as npm tarballs.
// Usage: node scripts/pack-all.mjs [destination]   (default: .pack/). Run `pnpm build` first.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const destination = resolve(process.argv[2] ?? resolve(root, '.pack'));
mkdirSync(destination, { recursive: true });
// Reuse the pnpm running us when there is one (pnpm 12's npm_execpath is a native binary; older ones
// are scripts for node); otherwise the pinned pnpm through npx.
const execPath = process.env.npm_execpath ?? '';
const [command, prefix] = /pnpm/.test(execPath)
  ? /\.(c|m)?js$/.test(execPath) ? [process.execPath, [execPath]] : [execPath, []]
  : ['npx', ['-y', 'pnpm@12.21.0']];
execFileSync(command, [...prefix, '--filter', '@router/core', '--filter', '@router/store', '--filter', '@router/cli', 'pack', '--pack-destination', destination], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
for (const name of readdirSync(destination).filter((file) => file.endsWith('.tgz'))) console.log(resolve(destination, name));
