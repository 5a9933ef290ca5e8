// `--soak <seconds>`: mixed streaming/non-streaming load on the router alone for a long
// while, sampling its RSS, event-loop delay and log writer once per interval (a minute, or
// a fifth of a short soak). Passes when, after the first interval (warm-up), RSS grows by
// less than 20 MiB, the event-loop delay p99 stays under 20 ms in every interval, every
// request was answered with 200, and every request has its log row.
import { countLogRows } from './log-rows.mjs';
import { runLoad } from './measure.mjs';
import { memoryKib, stopProcess } from './processes.mjs';
import { routerHealth } from './targets.mjs';

const RSS_GROWTH_LIMIT_MIB = 20;
const LOOP_DELAY_LIMIT_MS = 20;

/** Runs the soak and returns its samples, checks and a Markdown report. */
export async function runSoak({ router, seconds, connections, loadCpu, say }) {
  const intervalSeconds = seconds >= 120 ? 60 : Math.max(5, Math.round(seconds / 5));
  await routerHealth(router); // opens the first event-loop window
  const samples = [];
  let lastWritten = 0;
  const started = Date.now();
  const loadDone = runLoad({ target: router, scenario: { connections, mode: 'mixed' }, seconds, cpu: loadCpu });
  let finished = false;
  void loadDone.finally(() => (finished = true));
  while (!finished) {
    const wake = started + (samples.length + 1) * intervalSeconds * 1000;
    while (!finished && Date.now() < wake) await new Promise((resolve) => setTimeout(resolve, 250));
    if (finished) break;
    const health = await routerHealth(router);
    const sample = {
      atSeconds: Math.round((Date.now() - started) / 1000),
      rssMib: Math.round((memoryKib(router.pid) ?? 0) / 1024),
      eventLoopP99Ms: health.eventLoop?.delayP99Ms ?? null,
      eventLoopMaxMs: health.eventLoop?.delayMaxMs ?? null,
      rowsPerSecond: Math.round(((health.log?.written ?? 0) - lastWritten) / intervalSeconds),
      queued: health.log?.queued ?? null,
      dropped: health.log?.dropped ?? null,
    };
    lastWritten = health.log?.written ?? 0;
    samples.push(sample);
    say(`soak ${sample.atSeconds}s: RSS ${sample.rssMib} MiB, event-loop p99 ${sample.eventLoopP99Ms} ms (max ${sample.eventLoopMaxMs}), ${sample.rowsPerSecond} rows/s, queued ${sample.queued}, dropped ${sample.dropped}`);
  }
  const load = await loadDone;
  const peakRssMib = Math.round((memoryKib(router.pid, 'VmHWM') ?? 0) / 1024);
  await stopProcess(router.child);
  const log = await countLogRows(router.databaseUrl);

  const baseline = samples[0]?.rssMib ?? null;
  const growthMib = samples.length >= 2 ? samples.at(-1).rssMib - baseline : null;
  const worstLoopMs = Math.max(0, ...samples.map((sample) => sample.eventLoopP99Ms ?? 0));
  const ok200 = load.statuses?.['200'] ?? 0;
  const checks = [
    { name: `RSS growth after warm-up < ${RSS_GROWTH_LIMIT_MIB} MiB`, value: growthMib === null ? 'too short to tell' : `${growthMib} MiB`, passed: growthMib !== null && growthMib < RSS_GROWTH_LIMIT_MIB },
    { name: `event-loop delay p99 < ${LOOP_DELAY_LIMIT_MS} ms in every interval`, value: `worst ${worstLoopMs} ms`, passed: samples.length > 0 && worstLoopMs < LOOP_DELAY_LIMIT_MS },
    { name: 'every request answered with 200', value: `${ok200} of ${load.sent}`, passed: ok200 === load.sent },
    { name: 'every request has its log row', value: `${log.rows} rows for ${load.sent} requests`, passed: log.rows === load.sent },
    { name: 'no secret in any row', value: `${log.leakedSecrets} rows`, passed: log.leakedSecrets === 0 },
  ];
  const passed = checks.every((check) => check.passed);
  const report = [
    `Soak: ${seconds} s of mixed streaming/non-streaming load, ${connections} connections, ${load.requestsPerSecond} req/s on average; peak RSS ${peakRssMib} MiB.`,
    '',
    '| at | RSS, MiB | event-loop delay p99, ms | max, ms | log rows/s | queued | dropped |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...samples.map((sample) => `| ${sample.atSeconds} s | ${sample.rssMib} | ${sample.eventLoopP99Ms} | ${sample.eventLoopMaxMs} | ${sample.rowsPerSecond} | ${sample.queued} | ${sample.dropped} |`),
    '',
    '| check | value | |',
    '|---|---|---|',
    ...checks.map((check) => `| ${check.name} | ${check.value} | ${check.passed ? '✅' : '❌'} |`),
    '',
  ].join('\n');
  return { seconds, connections, intervalSeconds, load, samples, log, peakRssMib, checks, passed, report };
}
