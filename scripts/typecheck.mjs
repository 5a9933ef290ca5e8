// Typechecks every workspace package: its sources (tsconfig.json) and its tests with the
// sources they import (tsconfig.test.json), without needing a build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const projects = ['packages', 'apps', '.']
  .flatMap((group) => (group === '.' ? ['tests'] : readdirSync(join(root, group)).map((name) => join(group, name))))
  .flatMap((dir) => ['tsconfig.json', 'tsconfig.test.json'].map((file) => join(dir, file)))
  .filter((file) => existsSync(join(root, file)));

let failed = 0;
for (const project of projects) {
  const result = spawnSync(process.execPath, [tsc, '-p', project, '--pretty'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    process.stderr.write(`typecheck: ${project} has type errors\n`);
  }
}
if (failed > 0) process.exit(1);
