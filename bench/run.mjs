// `pnpm bench`: the router against the floor of what Node can do and the upstream itself,
// on one machine, the proxy under test pinned to one core and the load on the other.
//
//   node bench/run.mjs [--rounds 3] [--duration 3] [--warmup 1.5] [--quick] [--peers bench/peers.json]
//                      [--tails N]   N live-tail viewers on the router for the whole run
//                      [--scenarios c1,c1same,c64,s64,m64,ttfb,ttfbsame] [--only direct,floor,router] [--chunks 20]
//                      [--profile] [--soak <seconds> [--connections 32]] [--baseline <checkout with a build>]
//                      [--keyed]     also a second router of this build that requires a stored client key (rpm and tpm limits counted)
//                      [--store sqlite|postgres|sqlite,postgres]   postgres: also the router on a Postgres the bench starts (router-pg)
//
// Prints one table and writes bench/results/<stamp>.{json,md} and bench/results/latest.{json,md}.
// Exits 1 when a request failed, when a router's log rows do not match the requests it
// served, or when a secret reached a row; performance figures are reported, never asserted.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

/** parseArgs, with an unknown or malformed option as one line and exit 2. */
function parseOptions(config) {
  try {
    return parseArgs(config);
  } catch (error) {
    console.error(`bench: ${error.message} (node bench/run.mjs --help lists the options)`);
    process.exit(2);
  }
}
import { summarizeProfile } from './lib/cpu-profile.mjs';
import { countLogRows, storeTools } from './lib/log-rows.mjs';
import { describeRun, measure, runLoad, SCENARIOS } from './lib/measure.mjs';
import { canPin, memoryKib, pinProcess, processTree, sleep, stopProcess, ticksPerSecond, treeCpuTicks } from './lib/processes.mjs';
import { runSoak } from './lib/soak.mjs';
import { renderPreamble, renderSpread, renderTable, summarize } from './lib/summarize.mjs';
import { benchDir, routerHealth, smokeTest, startFloor, startPeers, startRouter, startUpstream } from './lib/targets.mjs';

const { values: options } = parseOptions({
  options: {
    rounds: { type: 'string' },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    quick: { type: 'boolean', default: false },
    soak: { type: 'string' },
    connections: { type: 'string', default: '32' },
    peers: { type: 'string' },
    scenarios: { type: 'string', default: 'c1,c1same,c64,s64,m64,ttfb,ttfbsame' },
    only: { type: 'string' },
    chunks: { type: 'string', default: '20' },
    profile: { type: 'boolean', default: false },
    baseline: { type: 'string' },
    tails: { type: 'string', default: '0' },
    keyed: { type: 'boolean', default: false },
    store: { type: 'string', default: 'sqlite' },
    help: { type: 'boolean', default: false },
  },
});
if (options.help) {
  // the usage is the comment at the top of this file
  const text = readFileSync(new URL(import.meta.url), 'utf8');
  console.log(text.slice(0, text.indexOf('\nimport ')).replace(/^\/\/ ?/gm, ''));
  process.exit(0);
}
const rounds = Number(options.rounds ?? (options.quick ? 1 : 3));
const duration = Number(options.duration ?? (options.quick ? 2 : 3));
const warmup = Number(options.warmup ?? (options.quick ? 1 : 1.5));
const scenarios = options.scenarios.split(',').filter(Boolean);
/** A wrong option: one line, before anything starts. */
function usage(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}
for (const scenario of scenarios) if (!SCENARIOS[scenario]) usage(`unknown scenario ${scenario} (known: ${Object.keys(SCENARIOS).join(', ')})`);
// The router runs on SQLite always (the reference, as the floor is); `postgres` adds the same
// build on a Postgres database, `router-pg`, in the same interleaved rounds.
const stores = options.store.split(',').filter(Boolean);
for (const store of stores) if (store !== 'sqlite' && store !== 'postgres') usage(`unknown store ${store} (known: sqlite, postgres)`);

const pin = canPin();
const proxyCpu = pin ? 0 : null;
const loadCpu = pin ? 1 : null;
const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
const resultsDir = path.join(benchDir, 'results');
const logDir = path.join(resultsDir, 'tmp', stamp);
mkdirSync(logDir, { recursive: true });
const say = (line) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const children = [];
/** The bench's own Postgres (`--store postgres`): stopped however the run ends. */
let postgres = null;
async function stopPostgres() {
  const running = postgres;
  postgres = null;
  await running?.stop().catch((error) => say(`stopping Postgres: ${error.message}`));
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) child.kill('SIGTERM');
    void stopPostgres().finally(() => process.exit(130));
  });
}

async function main() {
  if (pin) pinProcess(process.pid, loadCpu); // the harness itself stays off the proxy's core
  else say('taskset not available or fewer than 2 cores: running unpinned');
  const upstream = await startUpstream({ cpu: loadCpu, logDir, chunks: Number(options.chunks) });
  children.push(upstream.child);
  if (options.soak) return soak(upstream);

  const only = options.only?.split(',');
  const wanted = (name) => !only || only.includes(name);
  const targets = wanted('direct') ? [upstream] : [];
  /** Adds started targets; their processes are stopped however the run ends, even when a later one fails to start. */
  const add = (...started) => {
    for (const target of started) {
      targets.push(target);
      if (target.child && target !== upstream) children.push(target.child);
    }
  };
  if (wanted('floor')) add(await startFloor({ cpu: proxyCpu, logDir, upstream }));
  const profileDir = options.profile ? path.join(logDir, 'profile') : undefined;
  const router = wanted('router') ? await startRouter({ cpu: proxyCpu, logDir, upstream, profileDir }) : null;
  if (router) add(router);
  let postgresCpuAtStart = null;
  if (stores.includes('postgres') && wanted('router-pg')) {
    // Started from this process, already on the load core: the server and every process it forks
    // run there with the load generator and the upstream, off the proxy's core.
    postgres = await (await storeTools()).startBenchPostgres();
    if (pin) for (const pid of processTree(postgres.pid)) pinProcess(pid, loadCpu);
    say(`${postgres.version} on 127.0.0.1 (pid ${postgres.pid}${pin ? `, CPU ${loadCpu}` : ''})`);
    postgresCpuAtStart = treeCpuTicks(postgres.pid);
    add(await startRouter({ cpu: proxyCpu, logDir, upstream, name: 'router-pg', kind: 'router', databaseUrl: postgres.url, databasePid: postgres.pid, profileDir: profileDir && path.join(profileDir, 'pg') }));
  }
  if (options.keyed) add(await startRouter({ cpu: proxyCpu, logDir, upstream, name: 'router-keyed', keyed: true, profileDir: profileDir && path.join(profileDir, 'keyed') }));
  if (options.baseline) add(await startRouter({ cpu: proxyCpu, logDir, upstream, root: path.resolve(options.baseline), name: 'baseline', profileDir: profileDir && path.join(profileDir, 'baseline') }));
  if (options.peers) add(...(await startPeers({ file: options.peers, cpu: proxyCpu, logDir, upstream, warn: say })));

  // The routers of this build whose log is checked: every request they serve must have its row.
  const requests = new Map(targets.filter((target) => target.kind === 'router').map((target) => [target, 0]));
  const countFor = (target, sent) => {
    if (requests.has(target)) requests.set(target, requests.get(target) + sent);
  };
  /** A translating scenario runs on routers that serve its path (a baseline build may predate it). */
  const serves = new Map();
  for (const target of targets) {
    if (target.kind !== 'router') continue;
    const probe = await fetch(`${target.base}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench-client-000000' }, body: '{}' }).catch(() => null);
    serves.set(target, probe !== null && probe.status !== 404);
    await probe?.body?.cancel();
    if (probe !== null) countFor(target, 1); // the probe left its log row too
  }
  const runs = (target, scenario) => !SCENARIOS[scenario].translates || serves.get(target) === true;

  // Live-tail viewers (what a dashboard holds open) on the measured router, reading every event for the whole run.
  const tails = router ? await openTails(router, Number(options.tails)) : [];
  for (const target of targets) {
    countFor(target, await smokeTest(target));
    say(`${target.name} ready at ${target.base}${target.pid ? ` (pid ${target.pid}, ${Math.round(memoryKib(target.pid) / 1024)} MiB idle)` : ''}`);
  }
  // Warm every code path (the JIT, the router's log worker) before anything is measured.
  for (const target of targets) {
    for (const scenario of scenarios.filter((name) => !name.startsWith('ttfb') && !SCENARIOS[name].sameCore && runs(target, name))) {
      countFor(target, (await runLoad({ target, scenario, seconds: warmup, cpu: loadCpu })).sent);
    }
  }

  const rows = [];
  for (let round = 1; round <= rounds; round++) {
    for (const scenario of scenarios) {
      // Interleave: each round starts with a different target, so drift spreads evenly.
      const order = targets.map((_, index) => targets[(index + round - 1) % targets.length]);
      for (const target of order) {
        if (!runs(target, scenario)) continue;
        const row = await measure({ target, scenario, round, seconds: duration, loadCpu, proxyCpu });
        countFor(target, row.sent);
        rows.push(row);
        say(describeRun(row));
        await sleep(100);
      }
    }
  }

  const meta = {
    startedAt: stamp,
    node: process.version,
    machine: { cpuModel: os.cpus()[0]?.model ?? 'unknown CPU', cores: os.cpus().length, memoryGib: Math.round(os.totalmem() / 2 ** 30), platform: `${os.type()} ${os.release()}` },
    pinned: pin,
    proxyCpu,
    loadCpu,
    rounds,
    duration,
    chunks: Number(options.chunks),
    quick: options.quick,
    targets: Object.fromEntries(targets.map((target) => [target.name, { kind: target.kind, base: target.base, pid: target.pid, peakRssKib: target.pid ? memoryKib(target.pid, 'VmHWM') : null }])),
  };

  const logChecks = {};
  for (const [target, served] of requests) {
    const health = await routerHealth(target);
    if (target === router && tails.length) {
      meta.tails = { opened: tails.length, ...health.tail, eventsRead: tails.reduce((sum, tail) => sum + tail.events(), 0) };
      for (const tail of tails) tail.close();
    }
    const exitCode = await stopProcess(target.child); // SIGTERM: the router flushes its log on the way out
    const counted = await countLogRows(target.databaseUrl);
    logChecks[target.name] = { requests: served, ...counted, dropped: health.log?.dropped ?? null, routerExitCode: exitCode };
  }
  for (const child of children) await stopProcess(child);
  if (postgres) {
    const seconds = (ticks) => Math.round((ticks / ticksPerSecond) * 10) / 10;
    const measuredTicks = rows.filter((row) => row.target === 'router-pg').reduce((sum, row) => sum + (row.databaseCpuTicks ?? 0), 0);
    meta.postgres = {
      version: postgres.version,
      cpu: loadCpu,
      settings: 'fsync, synchronous_commit and full_page_writes off, as in the tests',
      cpuSeconds: postgresCpuAtStart === null ? null : seconds(treeCpuTicks(postgres.pid) - postgresCpuAtStart),
      measuredCpuSeconds: seconds(measuredTicks),
    };
  }
  await stopPostgres();

  const summary = summarize(rows);
  const table = renderTable({ summary, meta, logChecks });
  const markdown = `${renderPreamble(meta)}\n${table}${renderSpread(rows)}`;
  console.log(`\n${markdown}`);
  // `logCheck`: the SQLite router's, as before; `logChecks`: every checked router's
  const result = { meta, summary, logCheck: logChecks.router ?? null, logChecks, rows };
  for (const name of [stamp, 'latest']) {
    writeFileSync(path.join(resultsDir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(path.join(resultsDir, `${name}.md`), markdown);
  }
  say(`results: bench/results/${stamp}.{json,md} (and latest.*); process logs: ${path.relative(process.cwd(), logDir)}`);
  if (profileDir) {
    let report = summarizeProfile(profileDir);
    if (targets.some((target) => target.name === 'router-pg')) report += `\n## router-pg\n\n${summarizeProfile(path.join(profileDir, 'pg'))}`;
    if (options.keyed) report += `\n## router-keyed\n\n${summarizeProfile(path.join(profileDir, 'keyed'))}`;
    if (options.baseline) report += `\n## baseline\n\n${summarizeProfile(path.join(profileDir, 'baseline'))}`;
    writeFileSync(path.join(logDir, 'profile.md'), report);
    console.log(`\n${report}`);
    say(`profile summary: ${path.relative(process.cwd(), path.join(logDir, 'profile.md'))}`);
  }

  const failed = rows.some((row) => row.sent !== (row.statuses?.['200'] ?? 0));
  const mismatched = Object.entries(logChecks).filter(([, check]) => check.rows !== check.requests || check.leakedSecrets > 0).map(([name]) => name);
  const logMismatch = mismatched.length > 0;
  if (failed) say('some requests were not answered with 200: see the table');
  if (logMismatch) say(`the log of ${mismatched.join(', ')} does not match the requests it served (or a secret reached it)`);
  process.exitCode = failed || logMismatch ? 1 : 0;
}

/** Opens `count` live tails (`GET /v1/requests/tail`) on the router and reads them to the end. */
async function openTails(router, count) {
  const tails = [];
  for (let index = 0; index < count; index++) {
    const controller = new AbortController();
    const response = await fetch(`${router.base}/v1/requests/tail`, { signal: controller.signal });
    if (!response.ok) throw new Error(`tail ${index}: HTTP ${response.status}`);
    let events = 0;
    const decoder = new TextDecoder();
    (async () => {
      for await (const chunk of response.body) events += decoder.decode(chunk, { stream: true }).split('event: request').length - 1;
    })().catch(() => undefined);
    tails.push({ events: () => events, close: () => controller.abort() });
  }
  if (count) say(`${count} live tail(s) open on the router`);
  return tails;
}

async function soak(upstream) {
  const seconds = Number(options.soak);
  const router = await startRouter({ cpu: proxyCpu, logDir, upstream });
  children.push(router.child);
  const outcome = await runSoak({ router, seconds, connections: Number(options.connections), loadCpu, say });
  for (const child of children) await stopProcess(child);
  const markdown = outcome.report;
  console.log(`\n${markdown}`);
  writeFileSync(path.join(resultsDir, `soak-${stamp}.md`), markdown);
  writeFileSync(path.join(resultsDir, `soak-${stamp}.json`), `${JSON.stringify(outcome, null, 2)}\n`);
  say(`results: bench/results/soak-${stamp}.{json,md}`);
  process.exitCode = outcome.passed ? 0 : 1;
}

main().catch(async (error) => {
  console.error(`bench: ${error.stack ?? error}`);
  for (const child of children) await stopProcess(child, 2000);
  await stopPostgres();
  process.exit(1);
});
