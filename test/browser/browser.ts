import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium, which `.ci/run` installs when it is missing; `CHROMIUM_PATH` for another. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the browser tests leave their screenshots: kept by CI, ignored by git. */
export const screenshotDir = join(__dirname, '..', '..', 'test-results', 'screenshots');

export function launchChromium(): Promise<Browser> {
  mkdirSync(screenshotDir, { recursive: true });
  // No sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
}

/**
 * What a page did that a test must see: console errors and uncaught exceptions, and every request for an address
 * other than 127.0.0.1, which is refused before it leaves (the product works offline, and sends nothing elsewhere).
 */
export interface PageWatch {
  errors: string[];
  offMachine: string[];
}

export async function watchContext(context: BrowserContext): Promise<PageWatch> {
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
