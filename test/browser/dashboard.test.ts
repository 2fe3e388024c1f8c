import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSuppressionThresholds, type RunningSubgraph } from '@samverkan/common';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningGateway } from '../../gateway/src/server';
import { loadRegisteredOperations } from '../../schema/operations';
import { buildDashboard } from '../../scripts/build-dashboard';
import { subgraphDefinitions } from '../../subgraphs/registry';
import { databaseKind } from '../support/database';
import { startSupergraph, type RunningSupergraph } from '../support/harness';
import { startTestSubgraph } from '../support/subgraph';
import { openBrowser, screenshotDir, type PageWatch } from './browser';

type Figure = { value: number | null; suppressed: boolean; source: { synthetic: boolean } | null } | null;

/** Figures as a Swedish reader expects them: 26 936, 8,8. */
const swedishNumber = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1 });
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const documents = new Map(loadRegisteredOperations().map((op) => [op.name, op.document]));

/** What a figure's table cell must say: its state, and the value exactly as the API served it. */
function expectedCell(figure: Figure) {
  if (!figure) return { state: 'missing', value: null, text: '–' };
  if (figure.suppressed || figure.value === null) return { state: 'withheld', value: null, text: 'undantagen' };
  return {
    state: figure.source?.synthetic ? 'synthetic' : 'published',
    value: String(figure.value),
    text: swedishNumber.format(figure.value),
  };
}

/**
 * The reference dashboard as its users meet it, in Debian's Chromium over the five subgraphs and the gateway: every
 * view renders the API's own figures, marks synthetic and withheld ones, passes axe-core's WCAG 2.1 AA rules, and
 * loads nothing from outside the machine.
 */
describe(`the reference dashboard in a browser (${databaseKind})`, () => {
  let system: RunningSupergraph;
  let policeWithheld: RunningSubgraph;
  let withheldGateway: RunningGateway;
  let production: RunningGateway;
  let browser: Browser;
  let context: BrowserContext;
  let watch: PageWatch;

  beforeAll(async () => {
    await buildDashboard();
    system = await startSupergraph('samverkan_browser_dashboard_');
    // A police subgraph with synthetic figures switched off: its district crime figures are withheld.
    const police = subgraphDefinitions.find((d) => d.name === 'police')!;
    policeWithheld = await startTestSubgraph(police, 'samverkan_browser_withheld_', {
      suppression: readSuppressionThresholds({}, false),
    });
    withheldGateway = await system.startGateway({
      subgraphUrls: { ...system.subgraphUrls, police: policeWithheld.url },
    });
    production = await system.startGateway({ production: true, trustedDocumentsOnly: true });
    ({ browser, context, watch } = await openBrowser(1280));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    await policeWithheld?.stop();
  });

  const dashboardUrl = (gateway: RunningGateway) => gateway.url.replace(/\/graphql$/, '/dashboard');

  async function api(gateway: RunningGateway, name: string, variables: object = {}, token?: string) {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: documents.get(name), variables, operationName: name }),
    });
    const body = (await response.json()) as { data: any; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data;
  }

  async function show(page: Page, url: string): Promise<void> {
    await page.goto(url);
    await page.waitForSelector('main[data-view]:not([aria-busy]) h1');
  }

  /** axe-core's WCAG 2.0/2.1 A and AA rules over the whole page; each violation with the elements it found. */
  async function accessibilityViolations(page: Page) {
    await page.addScriptTag({ content: axeSource });
    return page.evaluate(`
      axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
        .then((result) => result.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) })))
    `);
  }

  const figureRows = (page: Page) =>
    page.$$eval('[data-testid=district-figures] tbody tr', (rows) =>
      rows.map((row) => ({
        id: (row as any).dataset.district,
        cells: [...row.querySelectorAll('td.figure')].map((cell: any) => ({
          state: cell.dataset.state,
          value: cell.dataset.value ?? null,
          // What the eye reads: the figure without its synthetic mark.
          text: cell.firstChild?.textContent ?? '',
        })),
      })),
    );

  const expectedRows = (agreements: any[]) =>
    agreements.flatMap((agreement) =>
      agreement.districts.map((district: any) => ({
        id: district.id,
        cells: [district.unemployment, district.sicknessIndex, district.reportedCrimes].map(expectedCell),
      })),
    );

  it('lists the agreements and each district’s figures as the API answers them, synthetic ones marked', async () => {
    const page = await context.newPage();
    await show(page, `${dashboardUrl(system.gateway)}#/?ar=2009`);
    const { agreements } = await api(system.gateway, 'AgreementOverview', { year: 2009 });
    await expect(page.locator('[data-testid=agreements] tbody tr').count()).resolves.toBe(agreements.length);
    const municipalities = new Set(agreements.map((a: any) => a.municipality.code)).size;
    await expect(page.locator('main .lead').textContent()).resolves.toContain(
      `${agreements.length} avtal i ${municipalities} kommuner`,
    );
    const rows = await figureRows(page);
    expect(rows).toEqual(expectedRows(agreements));
    const states = rows.flatMap((row) => row.cells.map((cell) => cell.state));
    expect(states.filter((state) => state === 'synthetic').length).toBeGreaterThan(0);
    // The mark is on screen, not only in an attribute.
    await expect(page.locator('td.synthetic .synthetic-badge').first().textContent()).resolves.toBe('S');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(screenshotDir, 'dashboard-agreements.png'), fullPage: true });
    await page.close();
  });

  it('shows withheld figures as withheld', async () => {
    const page = await context.newPage();
    await show(page, `${dashboardUrl(withheldGateway)}#/?ar=2009`);
    const { agreements } = await api(withheldGateway, 'AgreementOverview', { year: 2009 });
    const rows = await figureRows(page);
    expect(rows).toEqual(expectedRows(agreements));
    const crimes = rows.map((row) => row.cells[2].state);
    expect(crimes.length).toBeGreaterThan(0);
    expect(new Set(crimes)).toEqual(new Set(['withheld']));
    await expect(page.locator('td.withheld').first().textContent()).resolves.toBe('undantagen');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(screenshotDir, 'dashboard-withheld.png'), fullPage: true });
    await page.close();
  });

  it('charts a district’s indicators over the years, with the API’s figures and sources beside them', async () => {
    const page = await context.newPage();
    await show(page, `${dashboardUrl(system.gateway)}#/stadsdel/0180-rinkeby`);
    const { urbanDistrict } = await api(system.gateway, 'DistrictTrends', { id: '0180-rinkeby' });
    await expect(page.locator('main h1').textContent()).resolves.toBe('Rinkeby, Stockholm');
    // One chart per indicator (the legend's swatches are small SVGs of their own).
    await expect(page.locator('figure.chart svg[aria-label]').count()).resolves.toBe(4);
    for (const series of ['unemploymentSeries', 'sicknessIndexSeries', 'reportedCrimesSeries', 'populationSeries']) {
      const section = page.locator(`section[data-indicator=${series}]`);
      await section.locator('summary').click();
      const shown = await section.locator('tbody tr').evaluateAll((rows) =>
        rows.map((row) => {
          const [district, municipality] = [...row.querySelectorAll('td.figure')];
          const cell = (td: any) => ({
            state: td.dataset.state,
            value: td.dataset.value ?? null,
            text: td.firstChild?.textContent ?? '',
          });
          return {
            year: Number((row as any).dataset.year),
            district: cell(district),
            municipality: cell(municipality),
          };
        }),
      );
      const years = [
        ...new Set([
          ...urbanDistrict[series].points.map((p: any) => p.year),
          ...urbanDistrict.municipality[series].points.map((p: any) => p.year),
        ]),
      ].sort((a, b) => a - b);
      const at = (points: any[], year: number) => expectedCell(points.find((p) => p.year === year) ?? null);
      expect(shown).toEqual(
        years.map((year) => ({
          year,
          district: at(urbanDistrict[series].points, year),
          municipality: at(urbanDistrict.municipality[series].points, year),
        })),
      );
      // Every source the figures name is named on screen.
      const sourcesText = await section.locator('details > p').textContent();
      for (const point of [...urbanDistrict[series].points, ...urbanDistrict.municipality[series].points]) {
        expect(sourcesText).toContain(point.source.name);
      }
    }
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(screenshotDir, 'dashboard-district.png'), fullPage: true });
    await page.close();
  });

  it('lists each authority’s partnerships', async () => {
    const page = await context.newPage();
    await show(page, `${dashboardUrl(system.gateway)}#/myndigheter`);
    const { authorities } = await api(system.gateway, 'AuthorityPartnerships');
    const shown = await page.$$eval('section[data-authority]', (sections) =>
      sections.map((section) => ({
        id: (section as any).dataset.authority,
        agreements: [...section.querySelectorAll('li[data-agreement]')].map((li: any) => li.dataset.agreement),
      })),
    );
    expect(shown).toEqual(
      authorities.map((a: any) => ({ id: a.id, agreements: a.agreements.map((agreement: any) => agreement.id) })),
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(screenshotDir, 'dashboard-authorities.png'), fullPage: true });
    await page.close();
  });

  it('signs in as a chosen organisation and role in development and shows the coordinator’s follow-up', async () => {
    const page = await context.newPage();
    await show(page, `${dashboardUrl(system.gateway)}#/uppfoljning`);
    await expect(page.locator('main').textContent()).resolves.toContain('Logga in');
    await page.selectOption('#act-as', { label: 'Storstadsdelegationen (samordnare), samordnare' });
    await page.click('[data-testid=development-sign-in] button');
    await page.waitForSelector('[data-testid=signed-in]');
    await page.waitForSelector('[data-testid=reports-due]');
    const token = await page.evaluate(`sessionStorage.getItem('samverkan.dashboard.token')`);
    const data = await api(
      system.gateway,
      'FollowUpDashboard',
      { asOf: '2010-11-01', year: 2010, quarter: 4 },
      token as string,
    );
    await expect(page.locator('[data-testid=reports-due] tbody tr').count()).resolves.toBe(data.reportsDue.length);
    await expect(page.locator('[data-testid=open-obstacles] > li').count()).resolves.toBe(data.openObstacles.length);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(screenshotDir, 'dashboard-follow-up.png'), fullPage: true });
    await page.close();
  });

  it('shows a signed-in partner the reports and open obstacles of its own agreements', async () => {
    const page = await context.newPage();
    await show(page, `${dashboardUrl(system.gateway)}#/uppfoljning`);
    await page.selectOption('#act-as', { label: 'Stockholms stad, partner' });
    await page.click('[data-testid=development-sign-in] button');
    await page.waitForSelector('[data-testid=signed-in]');
    await page.waitForSelector('main[data-view]:not([aria-busy]) section[data-agreement]');
    const token = await page.evaluate(`sessionStorage.getItem('samverkan.dashboard.token')`);
    const { viewer } = await api(system.gateway, 'PartnerFollowUp', {}, token as string);
    const shown = await page.$$eval('section[data-agreement]', (sections) =>
      sections.map((section: any) => ({
        id: section.dataset.agreement,
        reports: section.querySelectorAll('[data-testid=follow-ups] tbody tr').length,
        obstacles: section.querySelectorAll('[data-testid=open-obstacles] > li').length,
      })),
    );
    expect(shown).toEqual(
      viewer.partnerIn.map((agreement: any) => ({
        id: agreement.id,
        reports: agreement.followUps.length,
        obstacles: agreement.obstacles.filter((o: any) => o.status !== 'RESOLVED').length,
      })),
    );
    expect(shown.length).toBeGreaterThan(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(screenshotDir, 'dashboard-partner-follow-up.png'), fullPage: true });
    await page.close();
  });

  it('offers no development sign-in in production, where it runs on registered operations alone', async () => {
    const refused = await fetch(`${dashboardUrl(production)}/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ org: 'storstadsdelegationen', roles: ['coordinator'] }),
    });
    expect(refused.status).toBe(404);
    const page = await context.newPage();
    await show(page, `${dashboardUrl(production)}#/?ar=2009`);
    await expect(page.locator('[data-testid=development-sign-in]').count()).resolves.toBe(0);
    await expect(page.locator('[data-testid=token-sign-in]').count()).resolves.toBe(1);
    // Trusted documents only, and every figure still there: the dashboard sends nothing but registered operations.
    const { agreements } = await api(production, 'AgreementOverview', { year: 2009 });
    expect(await figureRows(page)).toEqual(expectedRows(agreements));
    await page.close();
  });

  it('loaded nothing from outside this machine and logged no errors', () => {
    expect(watch.offMachine).toEqual([]);
    expect(watch.errors).toEqual([]);
  });
});
