/** Where a command writes, and how it formats: aligned tables for people, JSON for scripts. */

/** Output streams and environment of one CLI run. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** True when stdout is a terminal (colour, spinners and progress lines only then). */
  isTTY: boolean;
  /** Working directory, where `.env` is looked for (default: the process's). */
  cwd?: string;
  /** Stops a command that follows something until told (`logs tail`); the process stops it with Ctrl-C instead. */
  signal?: AbortSignal;
}

/** The process's own streams. */
export function processIO(): CliIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
  };
}

/** An error the CLI reports as one line with a non-zero exit code. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}

/** Formats rows as an aligned text table. */
export function table(headers: string[], rows: (string | number | boolean | null | undefined)[][]): string {
  const cells = rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '-' : String(cell))));
  const width = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '').length;
  const widths = headers.map((header, index) => Math.max(header.length, ...cells.map((row) => width(row[index] ?? ''))));
  const line = (row: string[]) => row.map((cell, index) => (index === row.length - 1 ? cell : cell + ' '.repeat(Math.max(0, widths[index] - width(cell))))).join('  ').trimEnd();
  return [line(headers), line(widths.map((size) => '-'.repeat(size))), ...cells.map(line)].join('\n') + '\n';
}

/** Bold/dim/colour only on a terminal. */
export function colours(isTTY: boolean) {
  const wrap = (code: string) => (text: string) => (isTTY ? `\u001b[${code}m${text}\u001b[0m` : text);
  return { bold: wrap('1'), dim: wrap('2'), green: wrap('32'), red: wrap('31'), yellow: wrap('33'), cyan: wrap('36') };
}

/** Writes a value as indented JSON. */
export function printJson(io: CliIO, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** A progress line for work that waits (network, migrations). */
export interface Progress {
  /** Replaces the line's text. */
  update(text: string): void;
  /** Clears the line. */
  done(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * A spinner with a status text on stderr, redrawn in place; on anything but a
 * terminal it writes nothing, so pipes and scripts see only the result.
 */
export function createProgress(io: CliIO, text: string): Progress {
  if (!io.isTTY) return { update: () => undefined, done: () => undefined };
  let frame = 0;
  let current = text;
  const draw = () => io.stderr(`\r\u001b[K${FRAMES[frame++ % FRAMES.length]} ${current}`);
  draw();
  const timer = setInterval(draw, 80);
  timer.unref?.();
  return {
    update(next) {
      current = next;
      draw();
    },
    done() {
      clearInterval(timer);
      io.stderr('\r\u001b[K');
    },
  };
}
