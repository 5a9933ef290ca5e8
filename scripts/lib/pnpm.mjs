// Runs the pinned pnpm: the one running us when there is one (pnpm 12's npm_execpath is a native
// binary; older ones are scripts for node), otherwise `npx -y pnpm@<packageManager version>`, so
// the root scripts work on a machine that has only Node and npm.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const rootPackage = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8'));
/** `pnpm@x.y.z`, from package.json's packageManager. */
export const PINNED_PNPM = rootPackage.packageManager;

/** True when pnpm (not npm) is the package manager running this script. */
export function runningUnderPnpm(env = process.env) {
  return /^pnpm\//.test(env.npm_config_user_agent ?? '');
}

/** The command and leading arguments that run the pinned pnpm. */
export function pnpmCommand(env = process.env) {
  const execPath = env.npm_execpath ?? '';
  if (runningUnderPnpm(env) && /pnpm/.test(execPath)) {
    return /\.(c|m)?js$/.test(execPath) ? [process.execPath, [execPath]] : [execPath, []];
  }
  return ['npx', ['-y', PINNED_PNPM]];
}

/** Runs pnpm with the given arguments, inheriting stdio; returns the exit code. */
export function runPnpm(args, options = {}) {
  const [command, prefix] = pnpmCommand();
  const result = spawnSync(command, [...prefix, ...args], { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}
