// Installs `provider-cli` globally from this checkout: packs @router/cli (it bundles @router/core
// and @router/store) and runs `npm install -g` on the tarball. Run `pnpm build` first (`pnpm install:cli` does).
// Usage: node scripts/install-cli.mjs [--prefix <dir>]   (extra arguments go to `npm install -g`)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const destination = mkdtempSync(join(tmpdir(), 'router-cli-pack-'));
try {
  execFileSync(process.execPath, [join(root, 'scripts/pack-all.mjs'), destination], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = readdirSync(destination).find((file) => /^router-cli-.*\.tgz$/.test(file));
  if (!tarball) throw new Error(`no @router/cli tarball in ${destination}; run \`pnpm build\` first`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // --package-lock-only=false: the repository's .npmrc keeps npm off node_modules, which a global install must not inherit
  execFileSync(npm, ['install', '--global', '--package-lock-only=false', ...process.argv.slice(2), join(destination, tarball)], { stdio: 'inherit', shell: process.platform === 'win32' });
  console.log(`Installed provider-cli from ${tarball}; try \`provider-cli --version\`.`);
} finally {
  rmSync(destination, { recursive: true, force: true });
}
