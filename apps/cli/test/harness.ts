/** Runs `run(argv, io)` in-process with captured output, on a fresh database. */
import { openStore } from '@router/store';
import { tempDir } from '@router/testkit';
import { run } from '../src/run.js';
import type { CliIO } from '../src/io.js';

/** What one CLI run printed and returned. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON. */
  json(): any;
}

/** Options of a captured run. */
export interface CaptureOptions {
  env?: Record<string, string>;
  isTTY?: boolean;
  cwd?: string;
}

/** A fresh file database URL in a temporary folder. */
export function tempDb(): { db: string; dir: string } {
  const dir = tempDir();
  return { db: `file:${dir}/cli.db`, dir };
}

/** A fresh database that exists (migrated, empty): read-only commands refuse one that does not. */
export async function emptyDb(): Promise<{ db: string; dir: string }> {
  const created = tempDb();
  (await openStore({ url: created.db })).close();
  return created;
}

/** Runs the CLI on `db` with `args`; the working directory defaults to the database's folder (no stray .env). */
export async function cli(db: string, args: string[], options: CaptureOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: options.env ?? {},
    isTTY: options.isTTY ?? false,
    cwd: options.cwd ?? db.replace(/^file:/, '').replace(/\/[^/]*$/, ''),
  };
  const code = await run(['--db', db, ...args], io);
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

/** Runs the CLI and fails the test with its stderr unless it exits 0. */
export async function ok(db: string, args: string[], options: CaptureOptions = {}): Promise<CliResult> {
  const result = await cli(db, args, options);
  if (result.code !== 0) throw new Error(`provider-cli ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result;
}

/** Asserts the shape every CLI error must have: one `provider-cli: …` line on stderr, exit code 1. */
export function oneLineError(result: CliResult): string {
  if (result.code === 0) throw new Error(`expected a failure, got exit 0 and: ${result.stdout}`);
  const lines = result.stderr.trim().split('\n');
  if (lines.length !== 1 || !lines[0].startsWith('provider-cli: ')) throw new Error(`expected one error line, got: ${JSON.stringify(result.stderr)}`);
  return lines[0];
}
