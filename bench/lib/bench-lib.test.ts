import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { DIALECTS, testDatabase } from '../../packages/testkit/src/dialects.ts';
import { openStore } from '../../packages/store/src/store.ts';
import { countLogRows } from './store.ts';

// The bench's JavaScript modules have no type declarations: imported by a computed name, typed here.
const jsModule = (name: string) => import(`./${name}.mjs`);
interface Processes {
  treeCpuTicks(pid: number): number | null;
  processTree(pid: number): number[];
}
interface Summarize {
  renderSpread(rows: { target: string; scenario: string; round: number; requestsPerSecond: number; cpuUsPerRequest: number | null }[]): string;
  renderTable(input: { summary: Record<string, Record<string, Record<string, number | null>>>; meta: { targets: Record<string, { kind: string; peakRssKib: number | null }> }; logChecks?: Record<string, unknown> }): string;
}

const row = (id: string, outcome: string, responseBody: string | null = '{"choices":[]}', attempts = '[]') => ({
  id, createdAt: Date.now(), endpoint: '/v1/chat/completions', status: outcome === 'success' ? 200 : 502, outcome, durationMs: 1, responseBody, attempts,
});

describe.each(DIALECTS)('the log check on %s', (dialect) => {
  it('counts a router\'s rows per outcome and finds the provider\'s key in any stored column', async () => {
    const database = await testDatabase(dialect, 'bench_log_rows');
    try {
      const store = await openStore({ url: database.url, migrate: !database.migrated });
      await store.logs.insertMany([row('a', 'success'), row('b', 'success'), row('c', 'error', null)]);
      await store.close();
      expect(await countLogRows(database.url)).toEqual({ rows: 3, outcomes: { success: 2, error: 1 }, leakedSecrets: 0 });

      const again = await openStore({ url: database.url, migrate: false });
      await again.logs.insertMany([row('d', 'error', null, '[{"error":"401 for sk-bench-upstream-0123456789abcdef"}]'), row('e', 'success', 'echo sk-bench-upstream-0123')]);
      await again.close();
      expect(await countLogRows(database.url)).toEqual({ rows: 5, outcomes: { success: 3, error: 2 }, leakedSecrets: 2 });
    } finally {
      await database.drop();
    }
  });
});

describe('the database server\'s CPU time', () => {
  it('counts the processes a server forked, also those that ended (through its children\'s time)', async () => {
    const { treeCpuTicks, processTree } = (await jsModule('processes')) as Processes;
    // A parent forks a child that spends at least 300 ms of CPU and exits; the parent reaps it and waits.
    const burn = 'const s = process.cpuUsage(); while ((process.cpuUsage(s).user + process.cpuUsage(s).system) < 300000);';
    const parentCode = `const c = require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(burn)}], { stdio: 'ignore' }); c.on('exit', () => { console.log('reaped'); setInterval(() => {}, 1000); });`;
    const parent = spawn(process.execPath, ['-e', parentCode], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const [chunk] = (await once(parent.stdout!, 'data')) as [Buffer];
      expect(chunk.toString()).toContain('reaped');
      expect(processTree(parent.pid!)).toEqual([parent.pid]);
      // 300 ms of the child's CPU, in clock ticks (100 a second on Linux), besides the parent's own
      expect(treeCpuTicks(parent.pid!)).toBeGreaterThanOrEqual(25);
    } finally {
      parent.kill();
    }
  });
});

describe('the results table', () => {
  it('shows the router on Postgres beside the router on SQLite, each over the floor, and what the database cost', async () => {
    const { renderTable } = (await jsModule('summarize')) as Summarize;
    const figures = (requestsPerSecond: number, cpuUsPerRequest: number, databaseCpuUsPerRequest: number | null) => ({ c64: { requestsPerSecond, cpuUsPerRequest, databaseCpuUsPerRequest, notOk: 0 } });
    const table = renderTable({
      summary: { floor: figures(8000, 100, null), router: figures(4000, 200, null), 'router-pg': figures(3200, 250, 60) },
      meta: { targets: { floor: { kind: 'floor', peakRssKib: 100 * 1024 }, router: { kind: 'router', peakRssKib: 200 * 1024 }, 'router-pg': { kind: 'router', peakRssKib: 210 * 1024 } } },
      logChecks: { router: { rows: 10, requests: 10, outcomes: { success: 10 }, dropped: 0, leakedSecrets: 0 }, 'router-pg': { rows: 9, requests: 10, outcomes: { success: 9 }, dropped: 0, leakedSecrets: 0 } },
    });
    const lines = table.split('\n');
    expect(lines[0]).toBe('| figure | floor | router | router-pg | router / floor | router-pg / floor | router − direct | target (router) |');
    expect(lines.find((line) => line.startsWith('| non-streaming req/s'))).toContain('| 8000 | 4000 | 3200 | 0.50 | 0.40 |');
    expect(lines.find((line) => line.startsWith('| CPU per request'))).toContain('| 100 | 200 | 250 | 2.00 | 2.50 |');
    expect(lines.find((line) => line.startsWith('| database server CPU per request'))).toContain('| – | – | 60 |');
    // no database figures where no database server was measured (m64 did not run)
    expect(lines.some((line) => line.startsWith('| database server CPU per Messages stream'))).toBe(false);
    expect(lines.find((line) => line.startsWith('| peak RSS'))).toContain('| 100 | 200 | 210 |');
    expect(table).toContain('Log rows written by the router: **10** for **10** requests served ✅');
    expect(table).toContain('Log rows written by router-pg: **9** for **10** requests served ❌ MISMATCH');
  });
});

describe('the round-to-round spread', () => {
  it('gives each proxy over the floor and each other build over the router per round: median and interquartile range', async () => {
    const { renderSpread } = (await jsModule('summarize')) as Summarize;
    const rows = [];
    // five rounds; in round 3 the machine was slow for the router alone (its ratios are the outliers)
    const router = [5000, 5200, 2600, 5100, 4900];
    const baseline = [5100, 5000, 5200, 5300, 4800];
    for (let round = 1; round <= 5; round++) {
      rows.push({ target: 'floor', scenario: 'c64', round, requestsPerSecond: 8000, cpuUsPerRequest: 100 });
      rows.push({ target: 'router', scenario: 'c64', round, requestsPerSecond: router[round - 1], cpuUsPerRequest: 160 * (round === 3 ? 2 : 1) });
      rows.push({ target: 'baseline', scenario: 'c64', round, requestsPerSecond: baseline[round - 1], cpuUsPerRequest: 150 });
      rows.push({ target: 'direct', scenario: 'c64', round, requestsPerSecond: 15000, cpuUsPerRequest: null });
    }
    const lines = renderSpread(rows).split('\n');
    expect(lines).toContain('| scenario | router / floor, req/s | baseline / floor, req/s | baseline / router, req/s | baseline / router, CPU per request |');
    // router / floor: 0.325 0.6125 0.625 0.6375 0.65 → 0.63 [0.61–0.64]; baseline / floor: 0.6 0.625 0.6375 0.65 0.6625;
    // baseline / router: 0.96 0.98 1.02 1.04 2.00; CPU: 0.47 0.94 0.94 0.94 0.94
    expect(lines).toContain('| non-streaming, 64 connections (5 rounds) | 0.63 [0.61–0.64] | 0.64 [0.63–0.65] | 1.02 [0.98–1.04] | 0.94 [0.94–0.94] |');
    // no streams ran: no line for them, and nothing at all from a single round
    expect(lines.some((line) => line.startsWith('| streams'))).toBe(false);
    expect(renderSpread(rows.filter((row) => row.round === 1))).toBe('');
  });
});
