/**
 * The built server serves the built dashboard: from the copy its build puts beside its bundle
 * (dist/dashboard), so the server finds it wherever its package is installed, without the
 * workspace's @router/dashboard; the packed server carries that copy.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, tempDir, type ServerProcess } from '@router/testkit';
import { e2eDatabase } from '@router/testkit/database';

const serverDir = fileURLToPath(new URL('..', import.meta.url));

/** Starts `node <dir>/dist/main.js` on a free port; resolves with its URL once it listens. */
function startAt(dir: string, env: Record<string, string>): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [join(dir, 'dist/main.js')], { cwd: dir, env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderr}`)), 15_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /"message":"router listening","url":"([^"]+)"/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], stop: () => child.kill('SIGTERM') });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${stderr}`));
    });
  });
}

async function expectDashboard(url: string): Promise<void> {
  const root = await fetch(`${url}/`, { redirect: 'manual' });
  expect(root.status).toBe(302);
  expect(root.headers.get('location')).toBe('/ui/');
  const page = await fetch(`${url}/ui/live`);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('<div id="root"></div>');
  // every script and stylesheet the page names is served, from this router (nothing from the internet)
  const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]).filter((path) => !path.startsWith('data:'));
  expect(assets.length).toBeGreaterThan(0);
  for (const asset of assets) {
    expect(asset, asset).toMatch(/^\/ui\/assets\//);
    const response = await fetch(`${url}${asset}`);
    expect(response.status, asset).toBe(200);
    expect(response.headers.get('content-type'), asset).toMatch(/javascript|css/);
  }
}

describe('the dashboard of the built server', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ DATABASE_URL: await e2eDatabase(tempDir()) });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('is served at / and under /ui', async () => {
    await expectDashboard(server.url);
  });

  it('is served where the server is installed without the workspace (from the copy beside its bundle)', async () => {
    // the server's package as installed: its package.json and dist, and its runtime dependencies only
    const installed = tempDir('router-server-installed-');
    cpSync(join(serverDir, 'package.json'), join(installed, 'package.json'));
    cpSync(join(serverDir, 'dist'), join(installed, 'dist'), { recursive: true });
    const manifest = JSON.parse(readFileSync(join(serverDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const name of Object.keys(manifest.dependencies)) {
      mkdirSync(dirname(join(installed, 'node_modules', name)), { recursive: true });
      symlinkSync(join(serverDir, 'node_modules', name), join(installed, 'node_modules', name));
    }
    expect(readdirSync(join(installed, 'node_modules/@router')).sort()).toEqual(['core', 'store']);
    const running = await startAt(installed, { DATABASE_URL: await e2eDatabase(tempDir()) });
    try {
      await expectDashboard(running.url);
    } finally {
      running.stop();
    }
  });

  it('is in the server\'s packed files', () => {
    const listed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: serverDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as { files: { path: string }[] }[];
    const files = listed[0].files.map((file) => file.path);
    expect(files).toContain('dist/dashboard/index.html');
    expect(files.some((path) => /^dist\/dashboard\/assets\/index-[\w-]+\.js$/.test(path))).toBe(true);
  });
});
