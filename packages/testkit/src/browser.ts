/**
 * A real headless Chromium for browser tests: the system's browser (Debian's `chromium` package,
 * or `CHROMIUM_PATH`) driven through puppeteer-core, which never downloads a browser of its own.
 * Every page records what would be a bug a user could see in the browser's console (console
 * errors, uncaught exceptions, requests that failed or were answered with an HTTP error), so a
 * test asserts that none happened, and saves full-page screenshots as test artefacts.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export type { Browser, ElementHandle, HTTPRequest, HTTPResponse, Page } from 'puppeteer-core';

const root = fileURLToPath(new URL('../../../', import.meta.url));
/** Where browser tests save their screenshots (gitignored). */
export const SCREENSHOTS_DIR = join(root, 'artifacts/screenshots');

/** The viewport every page gets: the size of the README's screenshots. */
export const VIEWPORT = { width: 1280, height: 800 } as const;

/** True when the developer asked to skip the browser tests (`SKIP_BROWSER_TESTS=1`). */
export function browserTestsSkipped(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SKIP_BROWSER_TESTS === '1' || env.SKIP_BROWSER_TESTS === 'true';
}

/** The Chromium to drive: `CHROMIUM_PATH`, else `chromium` (or `chromium-browser`) on the PATH; undefined if none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const found = execFileSync('which', [name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env }).trim();
      if (found) return found;
    } catch {
      // not on the PATH
    }
  }
  return undefined;
}

const INSTALL_HINT = "install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary; SKIP_BROWSER_TESTS=1 skips the browser tests";
/** The one line a run without a browser fails with: what to install, or how to skip. */
export const NO_CHROMIUM_MESSAGE = `browser tests: no Chromium found: ${INSTALL_HINT}`;

/** A page whose problems are recorded. */
export interface WatchedPage {
  page: Page;
  /** What went wrong so far, one readable line each (console errors, page errors, failed or refused requests). */
  readonly problems: string[];
  /** Returns the problems recorded so far and forgets them (for a step that expects some, such as a refused sign-in). */
  takeProblems(): string[];
  /** Saves a full-page PNG screenshot named `<nn>-<name>.png` in the session's folder; returns its path. */
  screenshot(name: string): Promise<string>;
}

/** A running browser. */
export interface BrowserSession {
  browser: Browser;
  /** The folder this session's screenshots go to. */
  screenshots: string;
  /** A new page at the standard viewport, watched from its first request; opens `url` if given. */
  open(url?: string): Promise<WatchedPage>;
  close(): Promise<void>;
}

/**
 * Launches the system Chromium headless. `name` names the screenshot folder (for example the test
 * file's name), emptied first. Throws `NO_CHROMIUM_MESSAGE` when no browser is found.
 */
export async function launchBrowser(name: string, options: { env?: NodeJS.ProcessEnv; screenshotsDir?: string } = {}): Promise<BrowserSession> {
  const env = options.env ?? process.env;
  const executablePath = findChromium(env);
  if (!executablePath) throw new Error(NO_CHROMIUM_MESSAGE);
  try {
    accessSync(executablePath, constants.X_OK);
  } catch {
    throw new Error(`browser tests: ${executablePath} is not an executable file: ${INSTALL_HINT}`);
  }
  const args = [
    // the sandbox needs user namespaces that a root process (a CI machine, a container) cannot use
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    // containers often have a tiny /dev/shm
    '--disable-dev-shm-usage',
    // screenshots that look the same on every machine
    '--force-color-profile=srgb',
    '--hide-scrollbars',
    '--font-render-hinting=none',
  ];
  const browser = await puppeteer.launch({ executablePath, headless: true, args, defaultViewport: VIEWPORT, env: { ...env } });
  const screenshots = join(options.screenshotsDir ?? SCREENSHOTS_DIR, slug(name));
  // the folder shows this run only
  rmSync(screenshots, { recursive: true, force: true });
  let shots = 0;
  return {
    browser,
    screenshots,
    async open(url) {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() !== 'error' && message.type() !== 'assert') return;
        const location = message.location();
        problems.push(`console ${message.type()}: ${message.text()}${location.url ? ` (${location.url}${location.lineNumber === undefined ? '' : `:${location.lineNumber}`})` : ''}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error instanceof Error ? error.message : String(error)}`));
      page.on('requestfailed', (request) => {
        const reason = request.failure()?.errorText ?? 'failed';
        // the page itself cancelled it (a navigation, an unmounted query, a closed event stream): not a failure
        if (reason === 'net::ERR_ABORTED') return;
        problems.push(`request failed: ${request.method()} ${request.url()}: ${reason}`);
      });
      page.on('response', (response) => {
        if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
      });
      const watched: WatchedPage = {
        page,
        problems,
        takeProblems: () => problems.splice(0, problems.length),
        async screenshot(shot) {
          mkdirSync(screenshots, { recursive: true });
          const path = join(screenshots, `${String(++shots).padStart(2, '0')}-${slug(shot)}.png`);
          await page.screenshot({ path: path as `${string}.png`, fullPage: true });
          return path;
        },
      };
      if (url) await page.goto(url, { waitUntil: 'load' });
      return watched;
    },
    close: () => browser.close(),
  };
}

/** A file name made of lowercase letters, digits and dashes, at most 80 characters. */
function slug(text: string): string {
  return text.toLowerCase().replace(/\.[cm]?[jt]s$/, '').replace(/[^a-z0-9]+/g, '-').slice(0, 80).replace(/^-+|-+$/g, '') || 'page';
}
