/**
 * The published packages work outside the repository: packed tarballs install
 * into an empty folder, a plain Node script embeds `createRouter` from
 * @router/core, and a global install of the CLI tarball gives `provider-cli`.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'router-pack-'));
const tarballs = join(work, 'tarballs');
const npmOptions = ['--no-audit', '--no-fund', '--loglevel=error'];
let files: Record<string, string> = {};

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts/pack-all.mjs'), tarballs], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  for (const name of readdirSync(tarballs)) files[name.replace(/-\d+\.\d+\.\d+.*$/, '')] = join(tarballs, name);
});

describe('packed packages', () => {
  it('packs core, store and cli', () => {
    expect(Object.keys(files).sort()).toEqual(['router-cli', 'router-core', 'router-store']);
  });

  it('installs into an empty folder and embeds the engine from a plain Node script', () => {
    const app = join(work, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'embed-check', private: true, type: 'module' }));
    npm(['install', ...npmOptions, files['router-core'], files['router-store']], app);
    copyFileSync(resolve(fileURLToPath(new URL('.', import.meta.url)), 'embed-check.mjs'), join(app, 'check.mjs'));
    const output = execFileSync(process.execPath, ['check.mjs'], { cwd: app, encoding: 'utf8' });
    expect(JSON.parse(output.trim())).toEqual({ status: 200, content: 'echo demo', providers: 1 });
  });

  it('installs the CLI globally and runs provider-cli', () => {
    const prefix = join(work, 'global');
    npm(['install', '-g', '--prefix', prefix, ...npmOptions, files['router-cli']], work);
    const bin = join(prefix, 'bin', 'provider-cli');
    expect(execFileSync(bin, ['--help'], { cwd: work, encoding: 'utf8' })).toContain('provider-cli <command>');
    const db = `file:${join(work, 'cli.db')}`;
    execFileSync(bin, ['--db', db, 'provider', 'add', '--id', 'x', '--config', 'baseURL=http://127.0.0.1:9/v1'], { cwd: work });
    expect(execFileSync(bin, ['--db', db, 'provider', 'list', '--json'], { cwd: work, encoding: 'utf8' })).toContain('"id": "x"');
  });
});
