/**
 * Finding things in the dashboard the way a user (or a screen reader) does: by role and
 * accessible name, or by visible text; never by CSS class.
 */
import type { Page } from '@router/testkit/browser';

const quote = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** A selector for the element with this ARIA role and accessible name. */
export function role(roleName: string, name?: string): string {
  return name === undefined ? `::-p-aria([role=${quote(roleName)}])` : `::-p-aria([name=${quote(name)}][role=${quote(roleName)}])`;
}

/** A selector for the smallest element whose text contains `text`. */
export function text(value: string): string {
  return `::-p-text(${quote(value)})`;
}

/** The names of the dashboard's pages, in the navigation's order. */
export const PAGES = ['Overview', 'Live requests', 'Providers', 'Routing', 'Compare', 'Experiments', 'Scorecard', 'History', 'Keys', 'Settings'] as const;

/** The navigation landmark's selector. */
export const NAV = role('navigation', 'Pages');

/** Waits for the page's `<h1>` with this name. */
export async function heading(page: Page, name: string, timeout = 10_000): Promise<void> {
  await page.locator(role('heading', name)).setTimeout(timeout).wait();
}

/** Opens a page of the dashboard from its navigation and waits for its heading. */
export async function goToPage(page: Page, name: string): Promise<void> {
  await page.locator(`${NAV} ${role('link', name)}`).click();
  await heading(page, name);
}

/**
 * Waits until the page has stopped loading data: at most `streams` requests still open (a page that
 * tails the log keeps one event stream open for as long as it is shown).
 */
export async function settled(page: Page, streams = 1): Promise<void> {
  await page.waitForNetworkIdle({ idleTime: 300, concurrency: streams, timeout: 10_000 });
}

/** The visible text of the whole page. */
export async function pageText(page: Page): Promise<string> {
  return page.evaluate('document.body.innerText') as Promise<string>;
}
