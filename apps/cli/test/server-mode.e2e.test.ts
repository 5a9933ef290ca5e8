/**
 * `--server` / `ROUTER_URL`: the CLI manages a running router through its management API, with the
 * admin key from `ROUTER_ADMIN_KEY`. What it cannot do remotely it refuses with one line; every
 * error the router (or something that is not a router) answers becomes one readable line and a
 * non-zero exit; nothing is written on the CLI's machine, and the key is never printed.
 */
import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '@router/store';
import { runCliProcess, startServerProcess, tempDir, type ServerProcess } from '@router/testkit';
import { e2eDatabase } from '@router/testkit/database';
import { run } from '../src/run.js';
import { createHttpClient } from '../src/client/http-client.js';
import type { CliIO } from '../src/io.js';

const KEY = 'admin-key-server-mode-5f0c2a9d';
let router: ServerProcess;
let db: string;

beforeAll(async () => {
  const dir = tempDir();
  db = await e2eDatabase(dir);
  router = await startServerProcess({ DATABASE_URL: db, ADMIN_API_KEY: KEY }, dir);
});
afterAll(async () => {
  await router?.stop();
});

/** Runs the CLI in-process in `cwd` (an empty folder by default) with `env`. */
async function cli(args: string[], env: Record<string, string>, cwd = tempDir()) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env, isTTY: false, cwd };
  const code = await run(args, io);
  expect(`${stdout}${stderr}`).not.toContain(KEY);
  return { code, stdout, stderr, cwd };
}

/** The one `provider-cli: …` line of a failed run. */
function oneLine(result: { code: number; stdout: string; stderr: string }): string {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^provider-cli: /);
  return lines[0];
}

/** A local HTTP server answering every request with `status`, `type` and `body` (something that is not the router, or an older one). */
async function fakeServer(status: number, type: string, body: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(status, { 'content-type': type });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('provider-cli --server', () => {
  it('manages the router with ROUTER_URL or --server, writing to its database and nothing here', async () => {
    const env = { ROUTER_URL: router.url, ROUTER_ADMIN_KEY: KEY };
    const added = await cli(['provider', 'add', '--id', 'alpha', '--config', 'baseURL=http://127.0.0.1:1/v1', '--config', 'apiKey=sk-server-mode-000000'], env);
    expect(added).toMatchObject({ code: 0, stdout: 'Added provider alpha (openai-compatible). Check it with `provider-cli provider test alpha`.\n', stderr: '' });
    expect(readdirSync(added.cwd)).toEqual([]);
    expect((await cli(['--server', router.url, 'set', 'alpha'], { ROUTER_ADMIN_KEY: KEY })).stdout).toBe('Active provider: alpha\n');
    expect((await cli(['route', 'set', 'm', 'alpha'], env)).stdout).toBe('Route m → alpha\n');

    const status = await cli(['status'], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`server\\s+${router.url.replace(/[.:/]/g, '\\$&')}\\s+environment \\(ROUTER_URL\\)`));
    expect(status.stdout).toMatch(/active provider\s+alpha\s+database/);
    expect(status.stdout).toMatch(/\*\s+alpha\s+openai-compatible\s+yes\s+database/);
    expect(status.stdout).toMatch(/m\s+alpha\s+database/);
    expect(status.stdout).toContain('Requests logged: 0');
    const json = JSON.parse((await cli(['--server', router.url, 'status', '--json'], { ROUTER_ADMIN_KEY: KEY })).stdout);
    expect(json).toMatchObject({ database: router.url, activeProvider: 'alpha', providers: [{ id: 'alpha', active: true, source: 'database' }], requestsLogged: 0 });
    expect(json.settings[0]).toEqual({ name: 'server', label: 'server', value: router.url, source: 'option', variable: '--server' });

    // the changes are the router's: in its database, recorded as coming through its API
    const store = await openStore({ url: db, migrate: false });
    try {
      expect(await store.settings.getActiveProvider()).toBe('alpha');
      expect((await store.history.list({ limit: 1 }))[0]).toMatchObject({ source: 'api', entity: 'mapping', entityId: 'm' });
    } finally {
      await store.close();
    }
  });

  it('turns every refusal into one line and a non-zero exit', async () => {
    const env = { ROUTER_URL: router.url, ROUTER_ADMIN_KEY: KEY };
    // the router's own errors: 404, and 400 naming the field
    expect(oneLine(await cli(['provider', 'remove', 'ghost'], env))).toBe('provider-cli: Provider "ghost" does not exist. See `provider-cli provider list`.');
    expect(oneLine(await cli(['provider', 'add', '--id', 'x', '--config', 'baseURL=ftp://x'], env))).toContain('config.baseURL');
    // no key, a wrong key
    expect(oneLine(await cli(['list'], { ROUTER_URL: router.url }))).toMatch(/wants its admin key \(401.*\); set ROUTER_ADMIN_KEY to its ADMIN_API_KEY$/);
    expect(oneLine(await cli(['list'], { ROUTER_URL: router.url, ROUTER_ADMIN_KEY: 'wrong-key' }))).toContain('wants its admin key (401');
    // nothing listening
    const closed = await fakeServer(200, 'application/json', '{}');
    await new Promise((resolve) => closed.server.close(resolve));
    expect(oneLine(await cli(['--server', closed.url, 'list'], {}))).toBe(`provider-cli: no router is listening at ${closed.url} (connection refused); start it, or point to it with --server or ROUTER_URL`);
    // something that is not the router, or refuses this client
    const fakes = [
      [await fakeServer(200, 'text/html', '<html>hello</html>'), /did not answer GET \/v1\/providers with JSON; is --server \(or ROUTER_URL\) the router's URL\?$/],
      [await fakeServer(404, 'text/plain', 'Not Found'), /answered 404 Not Found to GET \/v1\/providers, without an error body/],
      [await fakeServer(403, 'application/json', JSON.stringify({ error: { message: 'The management API only answers clients on this machine.', type: 'permission_error', code: 'admin_loopback_only', param: null } })), /refused this client \(403: The management API only answers clients on this machine\.\); set ADMIN_API_KEY on the router and ROUTER_ADMIN_KEY here$/],
      [await fakeServer(409, 'application/json', JSON.stringify({ error: { message: 'Something conflicts.', type: 'invalid_request_error', code: 'conflict', param: 'id' } })), /^provider-cli: Something conflicts\.$/],
    ] as const;
    for (const [fake, expected] of fakes) {
      try {
        expect(oneLine(await cli(['--server', fake.url, 'provider', 'list'], {}))).toMatch(expected);
      } finally {
        fake.server.close();
      }
    }
    // options that cannot go together, and URLs that are not a router's
    expect(oneLine(await cli(['--server', router.url, '--db', 'x.db', 'list'], {}))).toBe('provider-cli: pass either --db (work on a database) or --server (manage a running router), not both');
    expect(oneLine(await cli(['--server', 'ftp://x', 'list'], {}))).toContain('--server must be an http or https URL');
    expect(oneLine(await cli(['list'], { ROUTER_URL: `http://user:${KEY}@127.0.0.1:1` }))).toContain('must not carry credentials');
  });

  it('gives up on a router that does not answer, with one line', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const silent = createServer(() => undefined);
    silent.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = new URL(`http://127.0.0.1:${(silent.address() as AddressInfo).port}`);
    try {
      const client = createHttpClient({ url, source: 'option', callTimeoutMs: 300 });
      await expect(client.listTuning()).rejects.toThrow(`the router at ${url.origin} did not answer GET /v1/settings/tuning within 300 ms`);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('refuses, with one line, the commands that work on a database itself, and writes nothing here', async () => {
    const env = { ROUTER_URL: router.url, ROUTER_ADMIN_KEY: KEY };
    const cwd = tempDir();
    for (const args of [['migrate'], ['logs', 'prune', '--keep', '1']]) {
      expect(oneLine(await cli(args, env, cwd)), args.join(' ')).toBe(
        `provider-cli: \`${args.slice(0, args[0] === 'migrate' ? 1 : 2).join(' ')}\` works on the database itself and cannot manage a running router; run it where the database is (with --db), without --server or ROUTER_URL`,
      );
    }
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('has the router reload a provider itself: its configuration now, its pooled connections retired', async () => {
    const env = { ROUTER_URL: router.url, ROUTER_ADMIN_KEY: KEY };
    await cli(['provider', 'add', '--id', 'reloaded', '--config', 'baseURL=http://127.0.0.1:7/v1'], env);
    const reloaded = await cli(['provider', 'reload', 'reloaded'], env);
    expect(reloaded.stdout).toMatch(/^Provider reloaded: reloaded by the router \(configuration revision \d+\); its pooled connections to http:\/\/127\.0\.0\.1:7 were retired\.\n$/);
    expect(JSON.parse((await cli(['provider', 'reload', 'reloaded', '--json'], env)).stdout)).toMatchObject({ providerId: 'reloaded', reloaded: true, enabled: true, connectionsDropped: ['http://127.0.0.1:7'] });
    expect(oneLine(await cli(['provider', 'reload', 'ghost'], env))).toBe('provider-cli: Provider "ghost" does not exist. See `provider-cli provider list`.');
  });

  it('works on a database again when --db is given, whatever ROUTER_URL says', async () => {
    const dir = tempDir();
    const local = await e2eDatabase(dir, 'local');
    const result = await cli(['--db', local, 'provider', 'add', '--id', 'local', '--config', 'baseURL=http://127.0.0.1:1/v1'], { ROUTER_URL: router.url, ROUTER_ADMIN_KEY: KEY }, dir);
    expect(result.code, result.stderr).toBe(0);
    const store = await openStore({ url: local, migrate: false });
    try {
      expect((await store.providers.list()).map((provider) => provider.id)).toEqual(['local']);
    } finally {
      await store.close();
    }
    expect((await cli(['provider', 'list', '--json'], { ROUTER_URL: router.url, ROUTER_ADMIN_KEY: KEY })).stdout).not.toContain('"local"');
  });

  it('manages providers and routes as a built binary, as it does a database: same lines, secrets masked', async () => {
    const dir = tempDir();
    const routerDir = tempDir();
    const own = await startServerProcess({ DATABASE_URL: await e2eDatabase(routerDir), ADMIN_API_KEY: KEY }, routerDir);
    try {
      const env = { ROUTER_URL: own.url, ROUTER_ADMIN_KEY: KEY };
      const secret = 'sk-binary-canary-0123456789';
      const step = async (args: string[]) => {
        const result = await runCliProcess(args, env, dir);
        expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
        expect(result.stdout + result.stderr).not.toContain(secret);
        expect(result.stdout + result.stderr).not.toContain(KEY);
        return result;
      };
      await step(['provider', 'add', '--id', 'cloud', '--config', 'baseURL=http://127.0.0.1:1/v1', '--config', `apiKey=${secret}`]);
      await step(['provider', 'add', '--id', 'lm-studio', '--type', 'lm-studio', '--config', 'baseURL=http://127.0.0.1:1234/v1']);
      await step(['route', 'set', 'qwen3-coder', 'lm-studio,cloud']);
      await step(['set', 'cloud']);
      const status = JSON.parse((await step(['status', '--json'])).stdout);
      expect(status).toMatchObject({ activeProvider: 'cloud', defaultProvider: null, mappings: [{ model: 'qwen3-coder', source: 'database' }] });
      expect(JSON.parse((await step(['provider', 'config', 'cloud', '--json'])).stdout).apiKey).toBe('••••6789');
      const refused = await runCliProcess(['provider', 'remove', 'cloud'], env, dir);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toBe('provider-cli: "cloud" is the active provider; pass --force to remove it anyway, or first choose another with `provider-cli set <id>`.\n');
      expect(refused.stdout).toBe('');
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await own.stop();
    }
  }, 60_000);

  it('runs as the built binary, the key taken from the environment only', async () => {
    const cwd = tempDir();
    const result = await runCliProcess(['provider', 'list', '--json'], { ROUTER_URL: router.url, ROUTER_ADMIN_KEY: KEY }, cwd);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).map((provider: { id: string }) => provider.id)).toContain('alpha');
    expect(`${result.stdout}${result.stderr}`).not.toContain(KEY);
    expect(readdirSync(cwd)).toEqual([]);
    const help = await runCliProcess(['--help'], {}, cwd);
    expect(help.stdout).toContain('--server');
    expect(help.stdout).toContain('ROUTER_ADMIN_KEY');
  });
});
