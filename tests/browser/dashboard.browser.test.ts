/**
 * The dashboard in a real headless Chromium, against the built server (no admin key: a local
 * browser may manage it) with two fake OpenAI-compatible upstreams, while the real `openai`
 * client sends requests through the router. Every page visited is screenshotted into
 * artifacts/screenshots/dashboard/, and no test may leave a console error, an uncaught exception
 * or a failed request behind.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsSkipped, launchBrowser, type BrowserSession, type WatchedPage } from '@router/testkit/browser';
import { goToPage, heading, NAV, PAGES, role, settled } from './dashboard-page.ts';
import { FAKE_KEYS, startRouterUnderTest, type RouterUnderTest } from './router-under-test.ts';

let router: RouterUnderTest;
let session: BrowserSession;
let current: WatchedPage | undefined;

/** Opens the dashboard at `path` (under /ui) and waits for the page's heading. */
async function openDashboard(path: string, title: string): Promise<WatchedPage> {
  current = await session.open(`${router.url}/ui${path}`);
  await heading(current.page, title);
  return current;
}

describe.skipIf(browserTestsSkipped())('dashboard', () => {
  beforeAll(async () => {
    [router, session] = await Promise.all([startRouterUnderTest(), launchBrowser('dashboard')]);
    await router.admin('POST', '/v1/providers', { id: 'alpha', type: 'openai-compatible', config: { baseURL: router.alpha.baseURL, apiKey: FAKE_KEYS.alpha } });
    await router.admin('POST', '/v1/providers', { id: 'beta', type: 'openai-compatible', config: { baseURL: router.beta.baseURL, apiKey: FAKE_KEYS.beta } });
    await router.admin('PUT', '/v1/settings/active-provider', { providerId: 'alpha' });
  });

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail' && current && !current.page.isClosed()) await current.screenshot(`failed ${task.name}`).catch(() => undefined);
    await current?.page.close().catch(() => undefined);
    current = undefined;
  });

  afterAll(async () => {
    await session?.close();
    await router?.close();
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
});
