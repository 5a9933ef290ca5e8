/** Launchers for the built server and CLI as real child processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
/** The built server entry. */
export const SERVER_MAIN = join(root, 'apps/server/dist/main.js');
/** The built CLI entry. */
export const CLI_BIN = join(root, 'apps/cli/dist/bin.js');

/**
 * Unit test projects set this (vitest.shared.ts): they run without a build, so the built server
 * and CLI may be missing or stale there. A test that starts them is an end-to-end test.
 */
function refuseInUnitTests(what: string): void {
  if (process.env.ROUTER_UNIT_TEST === '1') {
    throw new Error(`${what} runs the built ${what === 'startServerProcess' ? 'server' : 'CLI'}, and unit tests run without a build: make this an end-to-end test (test/*.e2e.test.ts), or run the code in-process`);
  }
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'router-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A running server process. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stderr: () => string;
  /** Sends a signal and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the built server on a free port with the given environment; resolves once it listens. */
export function startServerProcess(env: Record<string, string>, cwd = tempDir()): Promise<ServerProcess> {
  refuseInUnitTests('startServerProcess');
  const child = spawn(process.execPath, [SERVER_MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderr}`)), 15_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /"message":"router listening","url":"([^"]+)"/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          child,
          stderr: () => stderr,
          stop: async (signal = 'SIGTERM') => {
            if (child.exitCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${stderr}`));
    });
  });
}

/** Runs the built CLI; resolves with its exit code and output. */
export function runCliProcess(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  refuseInUnitTests('runCliProcess');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Polls `check` until it returns a truthy value or the timeout passes. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 5_000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}

/**
 * The store's log worker compiled from its TypeScript sources (pass it as `workerUrl` to
 * `createWorkerLogWriter` in unit tests, which run without a build).
 */
export const SOURCE_LOG_WORKER_URL = new URL('./source-log-worker.mjs', import.meta.url);
