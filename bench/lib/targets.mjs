// The processes under test: the fake upstream, the floor proxy, the router (built for
// production, fresh database, provider set up with the built CLI) and any peers from a file.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, pinned, runProcess, startProcess } from './processes.mjs';
import { requestBody } from './request-body.mjs';

/** The repository root and the bench folder. */
export const benchDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const rootDir = path.resolve(benchDir, '..');
const defaultServerMain = path.join(rootDir, 'apps/server/dist/main.js');
const defaultCliBin = path.join(rootDir, 'apps/cli/dist/bin.js');

/** The upstream API key the router's provider is configured with (redacted from every log row). */
export const UPSTREAM_KEY = 'sk-bench-upstream-0123456789abcdef';
const CHAT_PATH = '/v1/chat/completions';

async function respondsOk(url, init) {
  const response = await fetch(url, init);
  await response.arrayBuffer();
  return response.ok;
}

const chatInit = (headers, stream) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench-client-000000', ...headers },
  body: requestBody(stream),
});

/** Starts the fake upstream on the load core. */
export async function startUpstream({ cpu, logDir, chunks }) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = await startProcess({
    name: 'upstream',
    command: pinned(cpu, [process.execPath, path.join(benchDir, 'upstream.mjs')]),
    env: { PORT: String(port), CHUNKS: String(chunks) },
    logFile: path.join(logDir, 'upstream.log'),
    ready: () => respondsOk(`${base}/v1/models`),
  });
  return { name: 'direct', kind: 'direct', base, path: CHAT_PATH, headers: {}, child, pid: null, upstreamPid: child.pid };
}

/** Chat requests the upstream has received so far. */
export async function upstreamCount(upstream) {
  const response = await fetch(`${upstream.base}/__bench/count`);
  return (await response.json()).chat;
}

/** Starts the floor proxy (node:http → undici Pool.stream) on the proxy core. */
export async function startFloor({ cpu, logDir, upstream }) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = await startProcess({
    name: 'floor',
    command: pinned(cpu, [process.execPath, path.join(benchDir, 'floor-proxy.mjs')]),
    env: { PORT: String(port), UPSTREAM: upstream.base },
    logFile: path.join(logDir, 'floor.log'),
    ready: () => respondsOk(`${base}/v1/models`),
  });
  return { name: 'floor', kind: 'floor', base, path: CHAT_PATH, headers: {}, child, pid: child.pid };
}

/**
 * Starts the router from `apps/server/dist/main.js` with a fresh database whose one
 * provider points at the fake upstream, added and made active with the built CLI. The
 * database is a new SQLite file, or `databaseUrl` (an empty Postgres database); `kind`
 * 'router' marks a router of this build whose log rows are checked.
 */
export async function startRouter({ cpu, logDir, upstream, profileDir, root, name = 'router', kind = name === 'router' ? 'router' : 'peer', keyed = false, databaseUrl: givenUrl, databasePid = null }) {
  // `root`: another checkout's build (`--baseline`), to compare two builds in one interleaved run.
  const serverMain = root ? path.join(root, 'apps/server/dist/main.js') : defaultServerMain;
  const cliBin = root ? path.join(root, 'apps/cli/dist/bin.js') : defaultCliBin;
  for (const file of [serverMain, cliBin]) if (!existsSync(file)) throw new Error(`${path.relative(rootDir, file)} is missing: run \`pnpm build\` first`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'router-bench-'));
  const databaseUrl = givenUrl ?? `file:${path.join(dataDir, 'router.db')}`;
  const cli = (...args) => runProcess([process.execPath, cliBin, '--db', databaseUrl, ...args]);
  await cli('provider', 'add', '--id', 'bench-upstream', '--config', `baseURL=${upstream.base}/v1`, '--config', `apiKey=${UPSTREAM_KEY}`);
  await cli('set', 'bench-upstream');
  // This build keeps every row (no retention bound), so the log check can count one row per
  // request over a long run; the baseline's CLI may not know these settings (it kept every row).
  if (!root) for (const key of ['log_max_rows', 'log_max_mb']) await cli('settings', 'set', key, '0');
  // `keyed`: every request must carry a stored client key, with request and token limits the load never reaches (so the limiter counts every request)
  let headers = {};
  if (keyed) {
    const created = JSON.parse(await cli('key', 'create', '--name', 'bench', '--rpm', '1000000000', '--tpm', '1000000000', '--json'));
    headers = { authorization: `Bearer ${created.value}` };
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = await startProcess({
    name,
    command: pinned(cpu, [process.execPath, ...nodeArgs, serverMain]),
    cwd: dataDir,
    env: { PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'info', NODE_ENV: 'production' },
    logFile: path.join(logDir, `${name}.log`),
    ready: () => respondsOk(`${base}/health`),
  });
  // `databasePid`: the database server's root process, whose CPU time is measured beside the router's
  return { name, kind, base, path: CHAT_PATH, headers, child, pid: child.pid, databaseUrl, dataDir, databasePid };
}

/** The router's `/health` body (log writer counters, event-loop delay since the previous read). */
export async function routerHealth(router) {
  const response = await fetch(`${router.base}/health`);
  return response.json();
}

function fill(text, values) {
  return text.replace(/\{\{(\w+)\}\}/g, (match, key) => (key in values ? String(values[key]) : match));
}

/**
 * Peers from a JSON file: `{ "peers": [{ name, command?, env?, base?, path?, headers? }] }`.
 * `{{port}}`, `{{upstream}}`, `{{bench}}` and `{{peers}}` in any string are filled in. A peer
 * that does not start is skipped with a warning: peers are optional.
 */
export async function startPeers({ file, cpu, logDir, upstream, warn }) {
  const config = JSON.parse(readFileSync(file, 'utf8'));
  const peersDir = process.env.PEERS_DIR ?? path.join(os.tmpdir(), 'router-bench-peers');
  const started = [];
  for (const peer of config.peers ?? []) {
    if (peer.enabled === false) continue;
    const port = await freePort();
    const values = { port, upstream: upstream.base, bench: benchDir, peers: peersDir };
    const spec = JSON.parse(fill(JSON.stringify(peer), values));
    const base = spec.base ?? `http://127.0.0.1:${port}`;
    if (!/^http:\/\/(127\.\d+\.\d+\.\d+|localhost)(:\d+)?/.test(base)) throw new Error(`peer ${spec.name}: only 127.0.0.0/8 is allowed, got ${base}`);
    const target = { name: spec.name, kind: 'peer', base, path: spec.path ?? CHAT_PATH, headers: spec.headers ?? {}, child: null, pid: null };
    const ready = () => respondsOk(`${base}${target.path}`, chatInit(target.headers, false));
    try {
      if (spec.command) {
        target.child = await startProcess({
          name: spec.name,
          command: pinned(cpu, spec.command),
          cwd: spec.cwd,
          env: spec.env ?? {},
          logFile: path.join(logDir, `${spec.name}.log`),
          ready,
          timeoutMs: 60_000,
        });
        target.pid = target.child.pid;
      } else if (!(await ready().catch(() => false))) throw new Error(`nothing answers at ${base}`);
      started.push(target);
    } catch (error) {
      warn(`peer ${spec.name} skipped: ${error.message.split('\n')[0]}`);
    }
  }
  return started;
}

/** Checks a target answers a completion and a stream (ending in `[DONE]`); returns the requests sent. */
export async function smokeTest(target) {
  const url = `${target.base}${target.path}`;
  const plain = await fetch(url, chatInit(target.headers, false));
  const text = await plain.text();
  let content = '';
  try {
    content = JSON.parse(text).choices?.[0]?.message?.content ?? '';
  } catch {
    // reported below
  }
  if (plain.status !== 200 || !content) throw new Error(`${target.name}: completion failed (${plain.status}): ${text.slice(0, 200)}`);
  const stream = await fetch(url, chatInit(target.headers, true));
  const events = (await stream.text()).split('\n').filter((line) => line.startsWith('data:'));
  if (stream.status !== 200 || !/event-stream/.test(stream.headers.get('content-type') ?? '') || events.at(-1)?.trim() !== 'data: [DONE]') {
    throw new Error(`${target.name}: stream failed (${stream.status}, ${events.length} events)`);
  }
  return 2;
}
