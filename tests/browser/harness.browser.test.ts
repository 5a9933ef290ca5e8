/**
 * The browser harness itself, on small pages served from 127.0.0.1: it finds and drives the
 * system Chromium, records every kind of problem a page can have (and nothing on a clean page),
 * and saves full-page screenshots.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsSkipped, findChromium, launchBrowser, NO_CHROMIUM_MESSAGE, type BrowserSession } from '@router/testkit/browser';
import { tempDir } from '@router/testkit';

const pages: Record<string, string> = {
  '/clean': '<!doctype html><title>Clean</title><link rel="icon" href="data:,"><main><h1>Clean page</h1><button type="button">Press</button><p id="out"></p></main><script>document.querySelector("button").onclick = () => { document.querySelector("#out").textContent = "pressed"; };</script>',
  '/broken':
    '<!doctype html><title>Broken</title><link rel="icon" href="data:,"><h1>Broken page</h1><script>' +
    'console.error("a console error");' +
    'setTimeout(() => { throw new Error("an uncaught error"); });' +
    'fetch("/missing").catch(() => {});' +
    'fetch(REFUSED).catch(() => {});' +
    '</script>',
};

let server: Server;
let origin: string;
let refused: string;
let session: BrowserSession;
let screenshotsDir: string;

describe.skipIf(browserTestsSkipped())('browser harness', () => {
  beforeAll(async () => {
    // a port that was free a moment ago: connections to it are refused
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    refused = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/nothing`;
    await new Promise((resolve) => closed.close(resolve));
    server = createServer((request, response) => {
      const html = pages[request.url ?? ''];
      if (!html) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html' }).end(html.replace('REFUSED', JSON.stringify(refused)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    screenshotsDir = tempDir('router-screens-');
    session = await launchBrowser('harness', { screenshotsDir });
  });

  afterAll(async () => {
    await session?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('drives the page by role and text, records no problem on a clean page, and screenshots it', async () => {
    const watched = await session.open(`${origin}/clean`);
    const { page } = watched;
    expect(await page.$eval('::-p-aria([name="Clean page"][role="heading"])', (element) => element.tagName)).toBe('H1');
    await page.locator('::-p-aria([name="Press"][role="button"])').click();
    await page.locator('::-p-text(pressed)').wait();
    const path = await watched.screenshot('Clean page');
    expect(path).toBe(`${screenshotsDir}/harness/01-clean-page.png`);
    const png = readFileSync(path);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1280); // the standard viewport's width
    expect(watched.problems).toEqual([]);
    await page.close();
  });

  it('records console errors, uncaught errors, HTTP errors and refused requests', async () => {
    const watched = await session.open(`${origin}/broken`);
    const expected = [
      'console error: a console error',
      'page error: an uncaught error',
      `HTTP 404: GET ${origin}/missing`,
      `request failed: GET ${refused}: net::ERR_CONNECTION_REFUSED`,
    ];
    await expect.poll(() => expected.every((line) => watched.problems.some((problem) => problem.startsWith(line))), { timeout: 5_000 }).toBe(true);
    const taken = watched.takeProblems();
    expect(taken.length).toBeGreaterThanOrEqual(expected.length);
    expect(watched.problems).toEqual([]);
    await watched.page.close();
  });

  it('finds the browser from CHROMIUM_PATH or the PATH, and says what to do when there is none', async () => {
    expect(findChromium({ CHROMIUM_PATH: '/opt/some/chrome' })).toBe('/opt/some/chrome');
    expect(findChromium({ PATH: '/nonexistent' })).toBeUndefined();
    await expect(launchBrowser('none', { env: { PATH: '/nonexistent' } })).rejects.toThrow(NO_CHROMIUM_MESSAGE);
    await expect(launchBrowser('none', { env: { CHROMIUM_PATH: '/nonexistent/chromium' } })).rejects.toThrow("browser tests: /nonexistent/chromium is not an executable file: install Debian's chromium package");
  });
});
