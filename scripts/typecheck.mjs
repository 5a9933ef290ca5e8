// Typechecks sources and tests without a build: the root tsconfig.json (every package's sources
// and tests in one program, workspace packages resolved to their sources) and
// packages/core/tsconfig.json (core on its own, with web-standard globals only) and
// apps/dashboard/tsconfig.json (the dashboard's browser code: DOM globals, JSX).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const projects = ['packages/core/tsconfig.json', 'tsconfig.json', 'apps/dashboard/tsconfig.json'];

let failed = false;
for (const project of projects) {
  const result = spawnSync(process.execPath, [tsc, '-p', project, '--pretty'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    failed = true;
    process.stderr.write(`typecheck: ${project} has type errors\n`);
  }
}
if (failed) process.exit(1);
