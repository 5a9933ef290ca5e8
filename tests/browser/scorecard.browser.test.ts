/**
 * The Scorecard page in a real headless Chromium against the built server: traffic through the real
 * `openai` client to a fake LM Studio (its model loads on the first request: a cold start) and to a
 * cloud-like upstream, then the page's table and comparison charts show both, local and cloud apart.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { browserTestsSkipped, type WatchedPage } from '@router/testkit/browser';
import { startFakeLocalServer, waitFor, type FakeLocalServer } from '@router/testkit';
import { goToPage, heading, pageText, role, settled, text } from './dashboard-page.ts';
import { FAKE_KEYS, type RouterUnderTest } from './router-under-test.ts';
import { useDashboardUnderTest } from './dashboard-under-test.ts';

let router: RouterUnderTest;
let lms: FakeLocalServer;
let current: WatchedPage | undefined;

describe.skipIf(browserTestsSkipped())('Scorecard page', () => {
  const dashboard = useDashboardUnderTest('scorecard', async (started) => {
    ({ router } = started);
    lms = await startFakeLocalServer('lm-studio', [{ id: 'qwen3-8b', loaded: false, maxContext: 32768, loadMs: 300 }]);
    await router.admin('POST', '/v1/providers', { id: 'alpha', type: 'openai-compatible', config: { baseURL: router.alpha.baseURL, apiKey: FAKE_KEYS.alpha } });
    await router.admin('POST', '/v1/providers', { id: 'lms', type: 'lm-studio', config: { baseURL: lms.baseURL } });
    await router.admin('PUT', '/v1/mappings/local-coder', { targets: [{ providerId: 'lms', model: 'qwen3-8b' }] });
    await router.admin('PUT', '/v1/mappings/cloud-coder', { targets: [{ providerId: 'alpha', model: 'alpha-small' }] });
    // the router learns in the background that the model is not loaded
    await waitFor(async () => {
      const answer = await router.admin('GET', '/v1/providers/lms/models');
      return answer.discovered?.models?.[0]?.state === 'not-loaded';
    }, 30_000, 100);
    for (const model of ['local-coder', 'local-coder', 'cloud-coder']) {
      const stream = await router.client.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: 'hi' }] });
      for await (const _chunk of stream) void _chunk;
    }
    // the log is written off the request path
    await waitFor(async () => {
      const answer = await router.admin('GET', '/v1/stats/scorecard');
      return answer.data.length === 2;
    }, 20_000, 100);
  });

  afterAll(async () => {
    await lms?.close();
  });

  it('compares the local server and the cloud provider in a table and charts', async () => {
    current = await dashboard.open(`${router.url}/ui/`);
    const { page, problems } = current;
    await heading(page, 'Overview');
    await goToPage(page, 'Scorecard');
    const table = role('table', 'Scorecard per provider and model');
    await page.locator(`${table} ${text('qwen3-8b')}`).wait();
    await settled(page);
    const headers: string[] = await page.$$eval('table thead th', (cells) => cells.map((cell) => (cell.textContent ?? '').trim()));
    expect(headers).toEqual(['Provider', 'Model', 'Where', 'Requests', 'Success', 'Empty answers', 'TTFT p50', 'TTFT p95', 'Decode tokens/s', 'Prompt tokens/s', 'Cold starts', 'Load mean', 'Load max', 'Cost', 'Cost per 1k']);
    const rows: string[][] = await page.$$eval('table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
    const local = rows.find((row) => row[0] === 'lms')!;
    const cloud = rows.find((row) => row[0] === 'alpha')!;
    // provider, model, where, requests, success, empty answers, …, cold starts (index 10), …, cost, cost per 1k
    expect(local.slice(0, 6)).toEqual(['lms', 'qwen3-8b', 'local', '2', '100%', '0%']);
    expect(local[10]).toBe('1');
    expect(local.slice(13)).toEqual(['unknown', 'unknown']);
    expect(cloud.slice(0, 6)).toEqual(['alpha', 'alpha-small', 'cloud', '1', '100%', '0%']);
    expect(cloud[10]).toBe('0');
    for (const chart of ['Time to first token', 'Decode speed (tokens per second)', 'Prompt processing (tokens per second, approximate)', 'Success and empty answers']) {
      await page.locator(role('figure', chart)).wait();
    }
    // the charts name each provider/model, the local one marked
    const charts = await page.$$eval('figure svg', (svgs) => svgs.map((svg) => svg.textContent ?? ''));
    expect(charts.some((chart) => chart.includes('lms/qwen3-8b · local') && chart.includes('alpha/alpha-small'))).toBe(true);
    await current.screenshot('scorecard');

    const period = await page.locator(role('combobox', 'Period')).waitHandle();
    await period.select('24h');
    await settled(page);
    expect(await pageText(page)).toContain('qwen3-8b');
    expect(problems).toEqual([]);
  });
});
