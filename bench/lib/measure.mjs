// One measured load run against one target: the load generator in its own process on the
// load core, and around it the target's CPU time, RSS and (for the router) event-loop delay.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { coreBusyPercent, coreTicks, cpuTicks, memoryKib, pinned, pinProcess, sleep, threadTicks, ticksPerSecond, treeCpuTicks } from './processes.mjs';
import { benchDir, routerHealth } from './targets.mjs';

/** The scenarios: connections, what is sent, and which script drives it. */
export const SCENARIOS = {
  c1: { connections: 1, mode: 'json', script: 'load.mjs', about: 'non-streaming, 1 connection (latency)' },
  c64: { connections: 64, mode: 'json', script: 'load.mjs', about: 'non-streaming, 64 connections (throughput)' },
  s64: { connections: 64, mode: 'stream', script: 'load.mjs', about: 'streaming, 64 connections' },
  // An Anthropic Messages client over the same chat upstream: the router translates the request and
  // every stream event (only routers that serve /v1/messages run it: the floor and the upstream cannot).
  m64: { connections: 64, mode: 'messages', script: 'load.mjs', path: '/v1/messages', translates: true, about: 'Anthropic Messages streaming over a chat upstream, 64 connections (router only)' },
  ttfb: { connections: 1, mode: 'ttfb', script: 'ttfb.mjs', about: 'sequential streams: time to first data byte' },
  // The same two with the proxy moved onto the load core for the run. On a VM an idle vCPU
  // halts, and waking it for every request can cost milliseconds: at one connection that,
  // not the proxy, dominates the cross-core figures. Same-core runs show the proxy's own time.
  c1same: { connections: 1, mode: 'json', script: 'load.mjs', sameCore: true, about: 'as c1, proxy on the load core' },
  ttfbsame: { connections: 1, mode: 'ttfb', script: 'ttfb.mjs', sameCore: true, about: 'as ttfb, proxy on the load core' },
};

/** Runs a load script pinned to `cpu` and resolves with its JSON line. */
export function runLoad({ target, scenario, seconds, cpu }) {
  const spec = SCENARIOS[scenario] ?? { connections: scenario.connections, mode: scenario.mode, script: 'load.mjs' };
  const args = [path.join(benchDir, spec.script), '--url', `${target.base}${spec.path ?? target.path}`, '--duration', String(seconds)];
  if (spec.script === 'load.mjs') args.push('--connections', String(spec.connections), '--mode', spec.mode);
  for (const [name, value] of Object.entries(target.headers)) args.push('--header', `${name}: ${value}`);
  const command = pinned(cpu, [process.execPath, ...args]);
  return new Promise((resolve, reject) => {
    const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data) => (stdout += data));
    child.stderr.on('data', (data) => (stderr += data));
    child.once('exit', (code) => {
      try {
        resolve(JSON.parse(stdout.trim().split('\n').at(-1)));
      } catch {
        reject(new Error(`load run against ${target.name} failed (exit ${code}): ${stderr.trim().slice(-500) || stdout.slice(-500)}`));
      }
    });
  });
}

/** Waits (up to `ms`) until the router's log writer holds no record: its rows are in the database. */
async function logDrained(target, ms = 3000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const health = await routerHealth(target);
    if ((health.log?.queued ?? 0) === 0 || Date.now() >= deadline) return health;
    await sleep(50);
  }
}

/**
 * Measures one scenario against one target. CPU per request is the target's CPU time
 * (all threads, /proc/<pid>/stat) over the run divided by the requests it answered. For a
 * router on a database server (`databasePid`), the server's CPU time (all its processes) is
 * measured the same way, up to when the router's log writer has written the run's rows.
 */
export async function measure({ target, scenario, round, seconds, loadCpu, proxyCpu }) {
  const pid = target.pid;
  const sameCore = SCENARIOS[scenario]?.sameCore && pid && loadCpu !== null;
  if (sameCore) pinProcess(pid, loadCpu);
  if (target.kind === 'router') await routerHealth(target); // starts a fresh event-loop-delay window
  let rssPeakKib = 0;
  const sampler = pid
    ? setInterval(() => {
        rssPeakKib = Math.max(rssPeakKib, memoryKib(pid) ?? 0);
      }, 200)
    : undefined;
  const cpuBefore = pid ? cpuTicks(pid) : null;
  const threadsBefore = pid ? threadTicks(pid) : null;
  const databaseBefore = target.databasePid ? treeCpuTicks(target.databasePid) : null;
  const coresBefore = coreTicks();
  const started = performance.now();
  const load = await runLoad({ target, scenario, seconds, cpu: loadCpu }).finally(() => sameCore && pinProcess(pid, proxyCpu));
  const elapsedSeconds = (performance.now() - started) / 1000;
  const cpuAfter = pid ? cpuTicks(pid) : null;
  const threadsAfter = pid ? threadTicks(pid) : null;
  clearInterval(sampler);
  const health = target.kind === 'router' ? await routerHealth(target) : null;
  const databaseAfter = databaseBefore !== null ? (await logDrained(target), treeCpuTicks(target.databasePid)) : null;
  const databaseElapsedSeconds = (performance.now() - started) / 1000;
  const perAnswer = (ticks) => (load.answered > 0 ? Math.round(((ticks / ticksPerSecond) * 1e6) / load.answered) : null);
  return {
    target: target.name,
    kind: target.kind,
    scenario,
    round,
    ...load,
    cpuUsPerRequest: cpuBefore && cpuAfter ? perAnswer(cpuAfter.total - cpuBefore.total) : null,
    mainThreadCpuUsPerRequest: cpuBefore && cpuAfter ? perAnswer(cpuAfter.main - cpuBefore.main) : null,
    // Which threads the CPU went to (main, the log worker, GC helpers, libuv pool), µs per request.
    threadCpuUsPerRequest: threadsBefore && threadsAfter ? Object.fromEntries(Object.entries(threadsAfter).map(([name, ticks]) => [name, perAnswer(ticks - (threadsBefore[name] ?? 0))]).filter(([, value]) => value)) : null,
    cpuPercent: cpuBefore && cpuAfter ? Math.round((100 * (cpuAfter.total - cpuBefore.total)) / ticksPerSecond / elapsedSeconds) : null,
    // The database server's CPU time (every process of it), per request and as a share of one core.
    databaseCpuTicks: databaseBefore !== null && databaseAfter !== null ? databaseAfter - databaseBefore : null,
    databaseCpuUsPerRequest: databaseBefore !== null && databaseAfter !== null ? perAnswer(databaseAfter - databaseBefore) : null,
    databaseCpuPercent: databaseBefore !== null && databaseAfter !== null ? Math.round((100 * (databaseAfter - databaseBefore)) / ticksPerSecond / databaseElapsedSeconds) : null,
    coreBusyPercent: coreBusyPercent(coresBefore, coreTicks()),
    rssPeakKib: pid ? rssPeakKib : null,
    eventLoopDelay: health?.eventLoop ?? null,
    logWriter: health?.log ?? null,
  };
}

/** One line per run for the console. */
export function describeRun(row) {
  const latency = row.latencyMs ? `p50 ${row.latencyMs.p50} p99 ${row.latencyMs.p99} ms` : '';
  const first = row.firstDataMs ? ` first byte p50 ${row.firstDataMs.p50} ms` : '';
  const cpu = row.cpuUsPerRequest !== null ? ` cpu ${row.cpuUsPerRequest} µs/req (${row.cpuPercent}%)` : '';
  const loop = row.eventLoopDelay ? ` eld p99 ${row.eventLoopDelay.delayP99Ms} ms` : '';
  const database = row.databaseCpuUsPerRequest !== null && row.databaseCpuUsPerRequest !== undefined ? ` database ${row.databaseCpuUsPerRequest} µs/req` : '';
  const bad = row.sent - (row.statuses?.['200'] ?? 0);
  return `${row.scenario.padEnd(4)} r${row.round} ${row.target.padEnd(10)} ${String(row.requestsPerSecond).padStart(8)}/s ${latency}${first}${cpu}${database}${loop}${bad ? ` NOT-200: ${bad}` : ''}`;
}
