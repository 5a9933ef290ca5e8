/**
 * The Keys page in a real headless Chromium against the built server: a key is created (its value
 * shown once, with a copy button), works with the real `openai` client, is never shown again, and
 * once revoked from the page is refused.
 */
import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { browserTestsSkipped, type WatchedPage } from '@router/testkit/browser';
import { waitFor } from '@router/testkit';
import { heading, pageText, role, settled } from './dashboard-page.ts';
import { FAKE_KEYS, type RouterUnderTest } from './router-under-test.ts';
import { useDashboardUnderTest } from './dashboard-under-test.ts';

let router: RouterUnderTest;
let current: WatchedPage | undefined;

describe.skipIf(browserTestsSkipped())('Keys page', () => {
  const dashboard = useDashboardUnderTest('keys', async (started) => {
    ({ router } = started);
    await router.admin('POST', '/v1/providers', { id: 'alpha', type: 'openai-compatible', config: { baseURL: router.alpha.baseURL, apiKey: FAKE_KEYS.alpha } });
    await router.admin('PUT', '/v1/settings/active-provider', { providerId: 'alpha' });
  });

  it('creates a key, shows its value once with a copy button, and revokes it', async () => {
    current = await dashboard.open(`${router.url}/ui/keys`);
    const { page, problems } = current;
    await heading(page, 'Keys');
    await page.locator(role('textbox', 'Name')).fill('browser-bot');
    await page.locator(role('textbox', 'Requests per minute')).fill('30');
    await page.locator(role('button', 'Create key')).click();
    const valueField = await page.locator(`${role('region', 'New key value')} ${role('textbox', 'Key value')}`).waitHandle();
    const value = String(await (await valueField.getProperty('value')).jsonValue());
    expect(value).toMatch(/^rk-[A-Za-z0-9]{32}$/);
    await page.locator(role('button', 'Copy key')).wait();
    await current.screenshot('keys created');

    // the key works, and the router now asks every client for one
    const keyed = new OpenAI({ baseURL: `${router.url}/v1`, apiKey: value, maxRetries: 0 });
    const answer = await keyed.chat.completions.create({ model: 'any', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(answer.data.choices[0]!.message.content).toContain('alpha');
    expect(answer.response.headers.get('x-ratelimit-limit-requests')).toBe('30');
    await expect(router.client.chat.completions.create({ model: 'any', messages: [{ role: 'user', content: 'hi' }] })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);

    // once dismissed, the value is gone: the list shows only its first characters, also after a reload
    await page.locator(role('button', 'Done')).click();
    await page.waitForFunction(`!document.body.innerText.includes(${JSON.stringify(value)})`);
    await page.reload();
    await heading(page, 'Keys');
    await page.locator(role('rowheader')).filter((cell) => (cell.textContent ?? '').includes('browser-bot')).wait();
    await settled(page);
    const text = await pageText(page);
    expect(text).not.toContain(value);
    expect(text).toContain(`${value.slice(0, 8)}…`);

    await page.locator(role('button', 'Revoke browser-bot')).click();
    await page.locator(role('button', 'Revoke key')).click();
    await page.locator(role('status')).filter((element) => (element.textContent ?? '').includes('Revoked browser-bot')).wait();
    await page.locator(role('cell', 'revoked')).wait();
    await current.screenshot('keys revoked');
    await waitFor(async () => (await keyed.chat.completions.create({ model: 'any', messages: [{ role: 'user', content: 'hi' }] }).then(() => null, (error: unknown) => error instanceof OpenAI.AuthenticationError)), 1_000, 20);
    expect(await pageText(page)).not.toContain(value);
    expect(problems).toEqual([]);
  });
});
