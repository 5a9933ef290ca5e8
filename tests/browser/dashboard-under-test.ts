/**
 * What every dashboard browser test file sets up: the router under test and a headless Chromium,
 * started together before the file's tests; the page a test opened closed after it (with a
 * screenshot when the test failed); both stopped after the file. Call inside the file's `describe`.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchBrowser, type BrowserSession, type WatchedPage } from '@router/testkit/browser';
import { startRouterUnderTest, type RouterUnderTest } from './router-under-test.ts';

export interface DashboardUnderTest {
  /** Opens a page (tracked: closed after the test, screenshotted when it fails). */
  open(url?: string): Promise<WatchedPage>;
}

/**
 * Registers the file's hooks. `setup` runs once both are started (providers, routes, traffic);
 * it receives the router and the browser session for the file to keep.
 */
export function useDashboardUnderTest(
  name: string,
  setup: (started: { router: RouterUnderTest; session: BrowserSession }) => Promise<void>,
  options: Parameters<typeof startRouterUnderTest>[0] = {},
): DashboardUnderTest {
  let router: RouterUnderTest | undefined;
  let session: BrowserSession | undefined;
  let current: WatchedPage | undefined;

  beforeAll(async () => {
    [router, session] = await Promise.all([startRouterUnderTest(options), launchBrowser(name)]);
    await setup({ router, session });
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

  return {
    async open(url) {
      if (!session) throw new Error('the browser is not started yet: open pages in tests, after the setup');
      current = await session.open(url);
      return current;
    },
  };
}
