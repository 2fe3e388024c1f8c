import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium, which `.ci/run` installs when it is missing; `CHROMIUM_PATH` for another. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the browser tests leave their screenshots: kept by CI, ignored by git. */
export const screenshotDir = join(__dirname, '..', '..', 'test-results', 'screenshots');

/** Chromium with one browsing context of the given width, whose pages are watched (`PageWatch`). */
export async function openBrowser(
  width: number,
): Promise<{ browser: Browser; context: BrowserContext; watch: PageWatch }> {
  mkdirSync(screenshotDir, { recursive: true });
  // No sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  return { browser, context, watch: await watchContext(context) };
}

/**
 * What a page did that a test must see: console errors and uncaught exceptions, and every request for an address
 * other than 127.0.0.1, which is refused before it leaves (the product works offline, and sends nothing elsewhere).
 */
export interface PageWatch {
  errors: string[];
  offMachine: string[];
}

async function watchContext(context: BrowserContext): Promise<PageWatch> {
  const watch: PageWatch = { errors: [], offMachine: [] };
  await context.route(
    (url) => url.protocol !== 'data:' && url.protocol !== 'blob:' && url.hostname !== '127.0.0.1',
    (route) => {
      watch.offMachine.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  context.on('page', (page) => watchPage(page, watch));
  return watch;
}

function watchPage(page: Page, watch: PageWatch): void {
  page.on('console', (message) => {
    if (message.type() === 'error') watch.errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => watch.errors.push(`uncaught: ${error.message}`));
}
