import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { databaseKind } from '../support/database';
import { callerToken } from '../support/identity';
import { startSupergraph, type RunningSupergraph } from '../support/harness';
import { openBrowser, screenshotDir, type PageWatch } from './browser';

/**
 * The playground as a developer meets it, in Debian's Chromium: branded, runs an operation, shows how the gateway
 * planned it, and keeps one token for every tab and across reloads.
 */
describe(`the playground in a browser (${databaseKind})`, () => {
  let system: RunningSupergraph;
  let browser: Browser;
  let context: BrowserContext;
  let watch: PageWatch;

  beforeAll(async () => {
    system = await startSupergraph('samverkan_browser_playground_');
    ({ browser, context, watch } = await openBrowser(1400));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  async function open(): Promise<Page> {
    const page = await context.newPage();
    await page.goto(system.gateway.playgroundUrl);
    await page.waitForSelector('.graphiql-container');
    return page;
  }

  /** Runs the open tab's operation and gives the request the playground sent and the answer it got. */
  async function run(page: Page) {
    const answered = page.waitForResponse(
      (response) =>
        response.url().endsWith('/graphql') && !response.request().postData()?.includes('IntrospectionQuery'),
    );
    await page.click('.graphiql-execute-button');
    const response = await answered;
    return { headers: response.request().headers(), body: (await response.json()) as Record<string, any> };
  }

  it('introduces the platform, runs AgreementOverview and shows its plan and fetches', async () => {
    const page = await open();
    await expect(page.locator('.sv-header h1').textContent()).resolves.toBe('Samverkan GraphQL');
    await expect(page.locator('.sv-links a').allTextContents()).resolves.toEqual(['README', 'Contributing a subgraph']);
    await expect(page.locator('.sv-token-state').textContent()).resolves.toContain('Anonymous');

    const { body } = await run(page);
    expect(body.errors).toBeUndefined();
    // The answer on screen is the API's answer.
    await page.waitForFunction(`document.querySelector('.graphiql-response')?.textContent?.includes('"agreements"')`);
    const shown = await page.locator('.graphiql-response').textContent();
    expect(shown).toContain(body.data.agreements[0].id);

    await page.click('button[aria-label="Show Query plan"]');
    const plan = page.locator('[data-testid="query-plan"]');
    await plan.waitFor();
    const rows = await plan.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(body.extensions.queryPlan.fetches.length);
    expect(rows.join('\n')).toMatch(/police\s+agreements\.@\.districts\.@/);
    await expect(plan.locator('pre').textContent()).resolves.toMatch(/^QueryPlan \{/);
    await page.screenshot({ path: join(screenshotDir, 'playground-query-plan.png') });
    await page.close();
  });

  it('keeps one token for every tab and across reloads, in this browser only', async () => {
    const token = await callerToken({ org: '0180', roles: ['partner'], sub: 'playground-tester' });
    const first = await open();
    await first.fill('#sv-token-input', `Bearer ${token}`);
    await first.click('button:has-text("Use token")');
    await expect(first.locator('.sv-token-state').textContent()).resolves.toContain('Signed in');
    // The input is emptied: the token is not left on screen.
    await expect(first.inputValue('#sv-token-input')).resolves.toBe('');

    // Another tab, opened after: it sends the token with its requests.
    const second = await open();
    await expect(second.locator('.sv-token-state').textContent()).resolves.toContain('Signed in');
    expect((await run(second)).headers.authorization).toBe(`Bearer ${token}`);
    // A reload keeps it.
    await second.reload();
    await second.waitForSelector('.graphiql-container');
    expect((await run(second)).headers.authorization).toBe(`Bearer ${token}`);
    await second.screenshot({ path: join(screenshotDir, 'playground-signed-in.png') });

    // Signing out in one tab signs out the other, already open.
    await second.click('button:has-text("Sign out")');
    await first.waitForFunction(`document.querySelector('.sv-token-state')?.textContent?.includes('Anonymous')`);
    expect((await run(first)).headers.authorization).toBeUndefined();
    await first.close();
    await second.close();
  });

  it('loaded nothing from outside this machine and logged no errors', () => {
    expect(watch.offMachine).toEqual([]);
    expect(watch.errors).toEqual([]);
  });
});
