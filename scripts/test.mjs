// `pnpm test` / `npm test`: typechecks sources and tests, then runs every test project (the
// end-to-end projects build what is out of date first). With arguments (`pnpm test <file>`,
// `pnpm test --project unit:core`) it runs just vitest with them: no typecheck, and no build
// unless an end-to-end file is selected.
import { spawnSync } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const env = { ...process.env, PATH: [join(root, 'node_modules/.bin'), process.env.PATH ?? ''].join(delimiter) };
// The repository's .npmrc (npm only bootstraps pnpm here) must not reach the npm commands tests run
// elsewhere: npm hands its settings to scripts as npm_config_* variables.
for (const name of Object.keys(env)) if (/^npm_config_package_lock(_only)?$/i.test(name)) delete env[name];
const run = (command, commandArgs) => {
  const result = spawnSync(command, commandArgs, { cwd: root, env, stdio: 'inherit' });
  if (result.error) {
    process.stderr.write(`test: ${command}: ${result.error.message}\n`);
    process.exit(1);
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
};

if (args.length === 0) run(process.execPath, [join(root, 'scripts/typecheck.mjs')]);
run('vitest', ['run', ...args]);
