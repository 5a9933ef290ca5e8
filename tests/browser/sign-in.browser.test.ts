/**
 * The dashboard of a router with an admin key, in a real headless Chromium: the sign-in page, a
 * wrong key refused with a message, the right key accepted and sent with every management API
 * call, and never put in a URL.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsSkipped, launchBrowser, type BrowserSession, type HTTPRequest, type WatchedPage } from '@router/testkit/browser';
import { heading, NAV, pageText, role, settled, text } from './dashboard-page.ts';
import { startRouterUnderTest, type RouterUnderTest } from './router-under-test.ts';

const ADMIN_KEY = 'admin-key-fake-for-browser-tests-0123456789';

let router: RouterUnderTest;
let session: BrowserSession;
let current: WatchedPage | undefined;

/** Expects the problems to be refusals (401) of the management API and the console lines Chromium prints for them, and nothing else. */
function expectOnlyRefusals(problems: string[], atLeast = 1): void {
  expect(problems.length).toBeGreaterThanOrEqual(atLeast);
  expect(problems.filter((problem) => !/^HTTP 401: GET .*\/v1\//.test(problem) && !/^console error: Failed to load resource: the server responded with a status of 401/.test(problem))).toEqual([]);
}

describe.skipIf(browserTestsSkipped())('dashboard sign-in (ADMIN_API_KEY set)', () => {
  beforeAll(async () => {
    [router, session] = await Promise.all([startRouterUnderTest({ adminKey: ADMIN_KEY }), launchBrowser('sign-in')]);
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

  it('asks for the key, refuses a wrong one with a message, signs in with the right one and sends it on every API call, never in a URL', async () => {
    current = await session.open();
    const { page } = current;
    const requests: HTTPRequest[] = [];
    page.on('request', (request) => requests.push(request));

    await page.goto(`${router.url}/`);
    await heading(page, 'Sign in');
    expect(await page.$(NAV)).toBeNull(); // nothing of the app before signing in
    await current.screenshot('sign in');
    expectOnlyRefusals(current.takeProblems(), 0); // at most the app's first probe, without a key, refused

    await page.locator(role('textbox', 'Admin key')).fill('admin-key-that-is-wrong-000000000000');
    await page.locator(role('button', 'Sign in')).click();
    const alert = await page.locator(role('alert')).waitHandle();
    expect(await alert.evaluate((element: { textContent: string | null }) => element.textContent)).toMatch(/refused/i);
    await current.screenshot('sign in refused');
    expectOnlyRefusals(current.takeProblems()); // the server was asked, and refused the key
    expect(await page.$(NAV)).toBeNull();

    const signInAt = requests.length;
    await page.locator(role('textbox', 'Admin key')).fill(ADMIN_KEY);
    await page.locator(role('button', 'Sign in')).click();
    await heading(page, 'Overview');
    await page.locator(NAV).wait();
    await settled(page);
    await current.screenshot('overview signed in');
    expect(current.problems).toEqual([]);

    const apiCalls = requests.slice(signInAt).filter((request) => new URL(request.url()).pathname.startsWith('/v1/'));
    expect(apiCalls.length).toBeGreaterThan(1);
    for (const request of apiCalls) expect(request.headers().authorization, request.url()).toBe(`Bearer ${ADMIN_KEY}`);
    for (const request of requests) expect(request.url()).not.toContain(ADMIN_KEY);
    expect(page.url()).not.toContain(ADMIN_KEY);
    expect(await pageText(page)).not.toContain(ADMIN_KEY);
  });

  it('keeps the key for this tab only: another tab asks for it again', async () => {
    const first = await session.open(`${router.url}/`);
    await heading(first.page, 'Sign in');
    await first.page.locator(role('textbox', 'Admin key')).fill(ADMIN_KEY);
    await first.page.locator(role('button', 'Sign in')).click();
    await heading(first.page, 'Overview');
    // the key is in this tab's sessionStorage only: no cookie, nothing in localStorage
    expect(await first.page.evaluate('({ local: localStorage.length, cookies: document.cookie })')).toEqual({ local: 0, cookies: '' });
    await first.page.close();

    current = await session.open(`${router.url}/`);
    await heading(current.page, 'Sign in');
    await current.page.locator(text('Admin key')).wait();
  });
});
