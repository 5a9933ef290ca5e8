/**
 * The dashboard in a real headless Chromium, against the built server (no admin key: a local
 * browser may manage it) with two fake OpenAI-compatible upstreams, while the real `openai`
 * client sends requests through the router. Every page visited is screenshotted into
 * artifacts/screenshots/dashboard/, and no test may leave a console error, an uncaught exception
 * or a failed request behind.
 */
import { describe, expect, it } from 'vitest';
import { browserTestsSkipped, type WatchedPage } from '@router/testkit/browser';
import { goToPage, heading, NAV, PAGES, pageText, role, settled, text } from './dashboard-page.ts';
import { startFakeLocalServer, startFakeUpstream } from '@router/testkit';
import { answerAs, answerWords, FAKE_KEYS, type RouterUnderTest } from './router-under-test.ts';
import { useDashboardUnderTest, type DashboardUnderTest } from './dashboard-under-test.ts';

let router: RouterUnderTest;
let current: WatchedPage | undefined;
let dashboard: DashboardUnderTest;

/** Opens the dashboard at `path` (under /ui) and waits for the page's heading. */
async function openDashboard(path: string, title: string): Promise<WatchedPage> {
  current = await dashboard.open(`${router.url}/ui${path}`);
  await heading(current.page, title);
  return current;
}

describe.skipIf(browserTestsSkipped())('dashboard', () => {
  dashboard = useDashboardUnderTest('dashboard', async (started) => {
    ({ router } = started);
    await router.admin('POST', '/v1/providers', { id: 'alpha', type: 'openai-compatible', config: { baseURL: router.alpha.baseURL, apiKey: FAKE_KEYS.alpha } });
    await router.admin('POST', '/v1/providers', { id: 'beta', type: 'openai-compatible', config: { baseURL: router.beta.baseURL, apiKey: FAKE_KEYS.beta } });
    await router.admin('PUT', '/v1/settings/active-provider', { providerId: 'alpha' });
  });

  it('loads every page of the navigation with no console error, page error or failed request', async () => {
    const { page, problems } = await openDashboard('/', 'Overview');
    const links = await page.$$eval(`${NAV} a`, (anchors) => anchors.map((anchor) => anchor.textContent?.trim()));
    expect(links).toEqual([...PAGES]);
    for (const name of PAGES) {
      await goToPage(page, name);
      await settled(page);
      await current!.screenshot(name);
      expect(problems, name).toEqual([]);
    }
    // and the root of the server leads to the dashboard
    await page.goto(`${router.url}/`);
    await heading(page, 'Overview');
    expect(new URL(page.url()).pathname).toBe('/ui/');
    expect(problems).toEqual([]);
  });

  it('switches the active provider from the Overview, and the next openai request goes to the new one', async () => {
    await router.admin('PUT', '/v1/settings/active-provider', { providerId: 'alpha' });
    const ask = async () => (await router.client.chat.completions.create({ model: 'any-model', messages: [{ role: 'user', content: 'who is there?' }] })).choices[0].message.content;
    expect(await ask()).toContain('This is alpha answering');

    const { page, problems } = await openDashboard('/', 'Overview');
    const select = await page.locator(role('combobox', 'Active provider')).waitHandle();
    await page.waitForFunction((element: { options: { length: number } }) => element.options.length > 2, {}, select); // the providers have loaded
    await select.select('beta');
    await page.locator(role('button', 'Switch')).click();
    await page.locator(`${role('status')}`).filter((element) => (element.textContent ?? '').includes('beta')).wait();
    await settled(page);
    await current!.screenshot('overview active provider switched');

    const betaBefore = router.beta.requests.length;
    expect(await ask()).toContain('This is beta answering');
    expect(router.beta.requests.length).toBe(betaBefore + 1);
    expect(problems).toEqual([]);
  });

  it('shows requests made through the openai client in the live tail within a second, and opens one to see its attempts', async () => {
    // a model that fails over: alpha is overloaded, beta answers
    await router.admin('PUT', '/v1/mappings/failover-model', { targets: [{ providerId: 'alpha', model: 'alpha-overloaded' }, { providerId: 'beta', model: 'beta-chat' }] });
    const { page, problems } = await openDashboard('/live', 'Live requests');
    await page.locator(role('status')).filter((element) => element.textContent === 'Live').wait();

    const sent: string[] = [];
    for (const [model, stream] of [['alpha-small', false], ['beta-chat', true], ['failover-model', false]] as const) {
      const { response } = stream
        ? await router.client.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: 'hello' }] }).withResponse()
        : await router.client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }] }).withResponse();
      if (stream) await response.text(); // the whole stream
      const id = response.headers.get('x-request-id')!;
      expect(id).toBeTruthy();
      sent.push(id);
      // the requirement: the request is in the tail within a second of its answer
      await page.locator(role('link', `Open request ${id}`)).setTimeout(1_000).wait();
    }
    await settled(page);
    await current!.screenshot('live requests');

    await page.locator(role('link', `Open request ${sent[2]}`)).click();
    await page.locator(role('heading', 'Attempts')).wait();
    const attempts = await page.locator(role('table', 'Attempts')).waitHandle();
    await page.waitForFunction((table: { innerText: string }) => table.innerText.includes('beta'), {}, attempts);
    const rows: string[] = await attempts.evaluate((table: { querySelectorAll(selector: string): ArrayLike<{ innerText: string }> }) => Array.from(table.querySelectorAll('tbody tr'), (row) => row.innerText));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows[0]).toMatch(/alpha[\s\S]*alpha-overloaded[\s\S]*503/);
    expect(rows.at(-1)).toMatch(/beta[\s\S]*beta-chat[\s\S]*200/);
    await settled(page);
    await current!.screenshot('request with attempts');
    expect(problems).toEqual([]);
  });

  it('adds a provider through the Providers form; its key is shown masked, and requests can use it', async () => {
    const gamma = await startFakeUpstream({ chat: answerAs('gamma'), models: ['gamma-model'] });
    try {
      const { page, problems } = await openDashboard('/providers', 'Providers');
      await page.locator(role('link', 'Add provider')).click();
      await heading(page, 'Add provider');
      await page.locator(role('textbox', 'ID')).fill('gamma');
      await (await page.locator(role('combobox', 'Type')).waitHandle()).select('openai-compatible');
      await page.locator(role('textbox', 'baseURL')).fill(gamma.baseURL);
      await page.locator(role('textbox', 'apiKey')).fill(FAKE_KEYS.added);
      await current!.screenshot('add provider form');
      await page.locator(role('button', 'Save')).click();
      await heading(page, 'Provider gamma');
      await settled(page);
      await current!.screenshot('provider added');

      // stored as typed, shown masked: the key is in no text and no field of the page
      const stored = await router.admin('GET', '/v1/providers/gamma');
      expect(stored).toMatchObject({ id: 'gamma', type: 'openai-compatible', enabled: true });
      expect(await pageText(page)).not.toContain(FAKE_KEYS.added);
      const values: string[] = await page.$$eval('input, textarea', (fields) => fields.map((field) => (field as unknown as { value: string }).value));
      expect(values.join('\n')).not.toContain(FAKE_KEYS.added);
      expect(values).toContain(gamma.baseURL);

      // and it works: a request pinned to it reaches the new upstream with the key typed in the form
      const answer = await router.client.chat.completions.create({ model: 'gamma/gamma-model', messages: [{ role: 'user', content: 'hi' }] });
      expect(answer.choices[0].message.content).toContain('This is gamma answering');
      expect(gamma.requests.at(-1)!.headers.authorization).toBe(`Bearer ${FAKE_KEYS.added}`);

      await goToPage(page, 'Providers');
      await page.locator(`${role('button', 'Edit gamma')}`).wait();
      await settled(page);
      await current!.screenshot('providers with the added one');
      expect(problems).toEqual([]);
    } finally {
      await router.admin('DELETE', '/v1/providers/gamma').catch(() => undefined);
      await gamma.close();
    }
  });

  it("shows a local server's models with their load state and context on its provider page", async () => {
    const lms = await startFakeLocalServer('lm-studio', [
      { id: 'qwen3-8b', loaded: true, maxContext: 32768, loadedContext: 8192 },
      { id: 'gemma-3-12b', loaded: false, maxContext: 131072, type: 'vlm' },
    ]);
    try {
      await router.admin('POST', '/v1/providers', { id: 'lms', type: 'lm-studio', config: { baseURL: lms.baseURL } });
      const { page, problems } = await openDashboard('/providers/lms', 'Provider lms');
      // the router asks the server in the background after the change; the card polls
      await page.locator(role('heading', 'Models on this server')).setTimeout(45_000).wait();
      const table = role('table', 'Models on lms');
      await page.locator(`${table} ${text('qwen3-8b')}`).wait();
      const rows: string[][] = await page.$$eval('table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
      expect(rows).toEqual(expect.arrayContaining([['qwen3-8b', 'loaded', '8,192', '32,768', 'llm'], ['gemma-3-12b', 'not-loaded', '131,072', '131,072', 'vlm']]));
      await current!.screenshot('local server models');
      expect(problems).toEqual([]);
    } finally {
      await router.admin('DELETE', '/v1/providers/lms').catch(() => undefined);
      await lms.close();
    }
  });

  it('runs a comparison across two upstreams and shows both answers streaming side by side', async () => {
    const targets = ['alpha/alpha-small', 'beta/beta-chat'];
    const full = { 'alpha/alpha-small': answerWords('alpha').join(''), 'beta/beta-chat': answerWords('beta').join('') } as Record<string, string>;
    const { page, problems } = await openDashboard('/compare', 'Compare');
    await page.locator(role('combobox', 'Target 1')).fill(targets[0]);
    await page.locator(role('combobox', 'Target 2')).fill(targets[1]);
    await page.locator(role('textbox', 'Prompt')).fill('Say who you are, slowly.');
    // every text each answer shows, as the page draws it
    await page.evaluate(`(() => {
      window.answerTexts = {};
      const record = () => {
        for (const element of document.querySelectorAll('[aria-label^="Answer of "]')) {
          const seen = (window.answerTexts[element.getAttribute('aria-label').slice('Answer of '.length)] ??= []);
          if (seen.at(-1) !== element.textContent) seen.push(element.textContent);
        }
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);
    await page.locator(role('button', 'Run')).click();
    await page.locator(role('region', targets[0])).wait();
    // a moment when both answers are partly there
    await page.waitForFunction(`Object.entries(${JSON.stringify(full)}).every(([target, text]) => {
      const shown = document.querySelector('[aria-label="Answer of ' + target + '"]')?.textContent ?? '';
      return shown.length > 0 && shown.length < text.length;
    })`, { timeout: 10_000 });
    await current!.screenshot('compare streaming');
    await page.waitForFunction(`Object.entries(${JSON.stringify(full)}).every(([target, text]) => document.querySelector('[aria-label="Answer of ' + target + '"]')?.textContent === text)`, { timeout: 15_000 });
    for (const target of targets) await page.locator(`${role('region', target)} ${text('done')}`).wait();
    expect(new URL(page.url()).pathname).toMatch(/^\/ui\/compare\/cmp_/);
    await settled(page);
    await current!.screenshot('compare done');

    const seen = (await page.evaluate('window.answerTexts')) as Record<string, string[]>;
    for (const target of targets) {
      const texts = seen[target].filter((shown) => full[target].startsWith(shown) && shown.length > 0);
      // the answer grew word by word: several partial texts, each a prefix of the next, ending in the whole answer
      expect(texts.length, target).toBeGreaterThan(3);
      expect(texts.at(-1)).toBe(full[target]);
      for (let index = 1; index < texts.length; index++) expect(texts[index].startsWith(texts[index - 1])).toBe(true);
    }
    expect(router.alpha.requests.at(-1)!.json).toMatchObject({ model: 'alpha-small', stream: true });
    expect(router.beta.requests.at(-1)!.json).toMatchObject({ model: 'beta-chat', stream: true });
    expect(problems).toEqual([]);
  });
});
