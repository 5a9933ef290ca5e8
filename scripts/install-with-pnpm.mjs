// The root `postinstall`: when npm runs it (`npm install` on a machine with only Node and npm),
// installs the workspace with the pinned pnpm. The root package has only devDependencies, which
// npm leaves alone (.npmrc: omit=dev), so pnpm alone lays out node_modules. When pnpm itself runs
// the root lifecycle scripts (`pnpm install`), this does nothing, so it never recurses.
import { runningUnderPnpm, runPnpm } from './lib/pnpm.mjs';

if (!runningUnderPnpm() && !process.env.ROUTER_PNPM_INSTALLING) {
  const args = ['install'];
  if (process.env.CI) args.push('--frozen-lockfile');
  const status = runPnpm(args, { env: { ...process.env, ROUTER_PNPM_INSTALLING: '1' } });
  process.exit(status);
}
