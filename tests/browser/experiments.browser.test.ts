/**
 * The Experiments page in a real headless Chromium against the built server: a sticky split whose
 * arms both take traffic, and a shadow target mirroring every request, driven with the real
 * `openai` client; the page shows each arm's figures, the routes' options, and the shadow pairs
 * side by side, with an answer shown whole on demand.
 */
import { describe, expect, it } from 'vitest';
import { browserTestsSkipped, type WatchedPage } from '@router/testkit/browser';
import { waitFor } from '@router/testkit';
import { heading, pageText, role, settled, text } from './dashboard-page.ts';
import { answerWords, type RouterUnderTest } from './router-under-test.ts';
import { useDashboardUnderTest } from './dashboard-under-test.ts';

let router: RouterUnderTest;
let current: WatchedPage | undefined;

describe.skipIf(browserTestsSkipped())('Experiments page', () => {
  const dashboard = useDashboardUnderTest('experiments', async (started) => {
    ({ router } = started);
    await router.admin('POST', '/v1/providers', { id: 'alpha', type: 'openai-compatible', config: { baseURL: router.alpha.baseURL } });
    await router.admin('POST', '/v1/providers', { id: 'beta', type: 'openai-compatible', config: { baseURL: router.beta.baseURL } });
    await router.admin('PUT', '/v1/mappings/split', { targets: [{ providerId: 'alpha', model: 'alpha-small', weight: 1, priority: 0 }, { providerId: 'beta', model: 'beta-chat', weight: 1, priority: 0 }] });
    await router.admin('PUT', '/v1/mappings/coder', { targets: [{ providerId: 'alpha', model: 'alpha-large' }] });
    await router.admin('PATCH', '/v1/route-options/split', { stickiness: 'header:x-router-session' });
    await router.admin('PATCH', '/v1/route-options/coder', { shadowPercent: 100, shadowTargets: [{ providerId: 'beta', model: 'beta-chat' }] });
    // sessions until both arms answered; each session is asked twice
    const arms = new Set<string>();
    for (let session = 0; session < 40 && arms.size < 2; session++) {
      for (let turn = 0; turn < 2; turn++) {
        const answer = await router.client.chat.completions.create({ model: 'split', messages: [{ role: 'user', content: 'hi' }] }, { headers: { 'x-router-session': `s-${session}` } }).withResponse();
        arms.add(answer.response.headers.get('x-router-provider')!);
      }
    }
    expect(arms).toEqual(new Set(['alpha', 'beta']));
    for (let index = 0; index < 3; index++) await router.client.chat.completions.create({ model: 'coder', messages: [{ role: 'user', content: `question ${index}` }] });
    // the shadow rows are written off the request path: wait until the report has all three
    await waitFor(async () => ((await router.admin('GET', '/v1/shadow-report?model=coder')).total === 3 ? true : null), 10_000, 50);
  });

  it('shows each arm, the routes\' options and the shadow pairs, with an answer whole on demand', async () => {
    current = await dashboard.open(`${router.url}/ui/experiments`);
    const { page, problems } = current;
    await heading(page, 'Experiments');
    const arms = role('table', 'Per-arm stats (live traffic)');
    await page.locator(`${arms} ${text('beta-chat')}`).wait();
    await page.locator(`${arms} ${text('alpha-small')}`).wait();
    const options = role('table', 'Stickiness and shadow traffic per route');
    await page.locator(`${options} ${text('header:x-router-session')}`).wait();
    await page.locator(`${options} ${text('100% → beta:beta-chat')}`).wait();

    // one route: its arms and its pairs only
    await page.locator(role('combobox', 'Route')).fill('coder');
    const pairs = role('table', 'Pairs, newest first');
    await page.locator(`${pairs} ${text('beta:beta-chat')}`).wait();
    await settled(page);
    const shown = await pageText(page);
    expect(shown).not.toContain('alpha-small');
    expect(shown).toMatch(/Pairs\s*3/);
    // the table cuts the answers; the button shows both whole
    const whole = answerWords('beta').join('');
    expect(shown).not.toContain(whole);
    await page.locator(role('button')).filter((button) => (button.getAttribute('aria-label') ?? '').startsWith('Show answers of ')).click();
    const region = await page.locator(role('region')).filter((element) => (element.getAttribute('aria-label') ?? '').startsWith('Answers of pair ')).waitHandle();
    const answers = String(await (await region.getProperty('innerText')).jsonValue());
    expect(answers).toContain(whole);
    expect(answers).toContain(answerWords('alpha').join(''));
    await current.screenshot('experiments');
    expect(problems).toEqual([]);
  });
});
