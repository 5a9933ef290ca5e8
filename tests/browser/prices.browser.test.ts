/**
 * The Settings page's price overrides in a real headless Chromium against the built server: an
 * override set from the page prices the next answer (`x-router-cost`, read with the real `openai`
 * client), a bad price is refused beside its field, the bundled list's price is looked up, and
 * removing the override leaves the model's cost unknown again (no header).
 */
import { describe, expect, it } from 'vitest';
import { browserTestsSkipped, type WatchedPage } from '@router/testkit/browser';
import { waitFor } from '@router/testkit';
import { heading, role, settled } from './dashboard-page.ts';
import { answerWords, FAKE_KEYS, type RouterUnderTest } from './router-under-test.ts';
import { useDashboardUnderTest } from './dashboard-under-test.ts';

let router: RouterUnderTest;
let current: WatchedPage | undefined;

const answer = async (model: string) => (await router.client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }).withResponse()).response.headers;
const costOf = async (model: string) => (await answer(model)).get('x-router-cost');

/** The request page's Cost field, once the request's row is in the log. */
async function costShown(page: WatchedPage['page'], id: string): Promise<string> {
  await waitFor(async () => (await fetch(`${router.url}/v1/requests/${id}`)).ok || null);
  await page.goto(`${router.url}/ui/requests/${id}`);
  await heading(page, `Request ${id}`);
  const field = `[...document.querySelectorAll('dt')].find((dt) => dt.textContent === 'Cost')?.nextElementSibling?.textContent`;
  await page.waitForFunction(`Boolean(${field})`);
  return (await page.evaluate(field)) as string;
}

describe.skipIf(browserTestsSkipped())('Price overrides (Settings)', () => {
  const dashboard = useDashboardUnderTest('prices', async (started) => {
    ({ router } = started);
    await router.admin('POST', '/v1/providers', { id: 'alpha', type: 'openai-compatible', config: { baseURL: router.alpha.baseURL, apiKey: FAKE_KEYS.alpha } });
    await router.admin('PUT', '/v1/settings/active-provider', { providerId: 'alpha' });
  });

  it('sets an override that prices the next answer, refuses a bad price, shows the bundled price, and removes it', async () => {
    expect(await costOf('my-finetune')).toBeNull();
    current = await dashboard.open(`${router.url}/ui/settings`);
    const { page, problems } = current;
    await heading(page, 'Settings');
    await page.locator(role('heading', 'Price overrides')).wait();

    // a bad price is refused beside its field, before anything is sent
    await page.locator(role('textbox', 'Model')).fill('my-finetune');
    await page.locator(role('textbox', 'Input per million')).fill('0.5');
    await page.locator(role('textbox', 'Output per million')).fill('cheap');
    await page.locator(role('button', 'Save price')).click();
    await page.locator(role('alert')).filter((element) => (element.textContent ?? '').includes('The output price must be a number')).wait();
    expect((await router.admin('GET', '/v1/prices')).data).toEqual([]);

    await page.locator(role('textbox', 'Output per million')).fill('1.5');
    await page.locator(role('button', 'Save price')).click();
    await page.locator(role('status')).filter((element) => (element.textContent ?? '').includes('Saved the price of my-finetune.')).wait();
    await page.locator(role('rowheader', 'my-finetune')).wait();
    // 12 prompt tokens at $0.5 and one completion token per word at $1.5, per million
    expect(Number(await costOf('my-finetune'))).toBeCloseTo((12 * 0.5 + answerWords('alpha').length * 1.5) / 1e6, 12);

    await page.locator(role('textbox', 'Model')).fill('gpt-4o');
    await page.locator(role('button', 'Bundled price')).click();
    await page.locator(role('status')).filter((element) => (element.textContent ?? '').includes('The bundled price list says gpt-4o (OpenAI gpt 4o): input $2.50, output $10.00')).wait();
    await current.screenshot('price overrides');

    await page.locator(role('button', 'Remove the price of my-finetune')).click();
    await page.locator(role('status')).filter((element) => (element.textContent ?? '').includes('Removed the price override of my-finetune.')).wait();
    await settled(page);
    expect(await costOf('my-finetune')).toBeNull();
    expect(problems).toEqual([]);
  });

  it("shows a request's cost and where it came from on its page, and an unknown one as unknown", async () => {
    await router.admin('PUT', '/v1/prices/priced-model', { inputPerMillion: 1000, outputPerMillion: 2000 });
    const priced = (await answer('priced-model')).get('x-request-id')!;
    const unpriced = (await answer('unpriced-model')).get('x-request-id')!;
    current = await dashboard.open(`${router.url}/ui/settings`);
    const { page, problems } = current;
    const shown = await costShown(page, priced);
    expect(shown).toMatch(/^\$[\d.]+ \(your price override\)$/);
    expect(Number(shown.slice(1, shown.indexOf(' ')))).toBeCloseTo((12 * 1000 + answerWords('alpha').length * 2000) / 1e6, 6);
    expect(await costShown(page, unpriced)).toBe('unknown');
    expect(problems).toEqual([]);
  });
});
