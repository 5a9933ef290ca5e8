/**
 * `pnpm screenshots` (scripts/screenshots.ts) does what it says: one 1280×800 PNG per page of the
 * dashboard in the folder given, and a zero exit (it exits non-zero when a page shows a provider
 * key unmasked or logs an error).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { browserTestsSkipped } from '@router/testkit/browser';
import { tempDir } from '@router/testkit';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe.skipIf(browserTestsSkipped())('pnpm screenshots', () => {
  it('writes a 1280x800 PNG of every page of the dashboard into the folder given', async () => {
    const out = tempDir('router-readme-img-');
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/screenshots.ts', '--out', out], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (exitCode) => resolve({ code: exitCode, output }));
    });
    expect(code, output).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual(['compare', 'history', 'live-requests', 'overview', 'providers', 'request', 'routing', 'settings'].map((page) => `dashboard-${page}.png`));
    for (const file of files) {
      const png = readFileSync(join(out, file));
      expect(png.subarray(1, 4).toString(), file).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)], file).toEqual([1280, 800]);
    }
  }, 120_000);
});
