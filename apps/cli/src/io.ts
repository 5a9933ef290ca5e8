/** Where a command writes, and how it formats: aligned tables for people, JSON for scripts. */

/** Output streams and environment of one CLI run. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** True when stdout is a terminal (colour and spinners only then). */
  isTTY: boolean;
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
  const widths = headers.map((header, index) => Math.max(header.length, ...cells.map((row) => row[index]?.length ?? 0)));
  const line = (row: string[]) => row.map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index]))).join('  ').trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n') + '\n';
}

/** Bold/dim/colour only on a terminal. */
export function colours(isTTY: boolean) {
  const wrap = (code: string) => (text: string) => (isTTY ? `\u001b[${code}m${text}\u001b[0m` : text);
  return { bold: wrap('1'), dim: wrap('2'), green: wrap('32'), red: wrap('31'), yellow: wrap('33') };
}
