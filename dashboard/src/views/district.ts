import * as Plot from '@observablehq/plot';
import { describeError, run } from '../api';
import { el, formatNumber } from '../dom';
import { errorList, figureCell, figureLegend, sourceList, type Figure } from '../figures';
import { indicators, label, vulnerabilityLabels } from '../labels';

interface Point extends Figure {
  year: number;
}

interface Series {
  statistic: string;
  unit: string;
  points: Point[];
}

type SeriesField = (typeof indicators)[number]['series'];

interface Trends {
  urbanDistrict:
    | ({
        id: string;
        name: string;
        confidence: string;
        confidenceNote: string | null;
        vulnerability: { category: string; listYear: number } | null;
        municipality: ({ code: string; name: string } & Record<SeriesField, Series | null>) | null;
      } & Record<SeriesField, Series | null>)
    | null;
}

/** One district's indicators over the years, district against its municipality, each figure's source told. */
export async function districtView(main: HTMLElement, id: string): Promise<void> {
  const { data, errors } = await run<Trends>('DistrictTrends', { id });
  const district = data?.urbanDistrict;
  if (!district) {
    main.replaceChildren(
      el('h1', {}, 'Stadsdelen finns inte'),
      errorList(errors.map(describeError)),
      el('p', {}, el('a', { href: '#/' }, 'Till översikten')),
    );
    return;
  }
  const municipality = district.municipality;
  main.replaceChildren(
    el('p', { class: 'crumbs' }, el('a', { href: '#/' }, 'Översikt'), ' › ', district.name),
    el('h1', {}, `${district.name}${municipality ? `, ${municipality.name}` : ''}`),
    el(
      'p',
      { class: 'lead' },
      district.vulnerability
        ? `${label(vulnerabilityLabels, district.vulnerability.category)} enligt Polisens lista ${district.vulnerability.listYear}. `
        : 'Inte på Polisens lista över utsatta områden. ',
      'Stadsdelens siffror jämförs med kommunens.',
    ),
    errorList(errors.map(describeError)),
    figureLegend(),
    ...indicators.map((indicator) =>
      indicatorSection(indicator, district[indicator.series], municipality?.[indicator.series] ?? null),
    ),
  );
}

function indicatorSection(
  indicator: (typeof indicators)[number],
  districtSeries: Series | null,
  municipalitySeries: Series | null,
): HTMLElement {
  const byYear = new Map<number, { district?: Point; municipality?: Point }>();
  for (const point of districtSeries?.points ?? []) byYear.set(point.year, { district: point });
  for (const point of municipalitySeries?.points ?? [])
    byYear.set(point.year, { ...byYear.get(point.year), municipality: point });
  const years = [...byYear.keys()].sort((a, b) => a - b);
  const headingId = `indikator-${indicator.series}`;
  return el(
    'section',
    { class: 'indicator', 'aria-labelledby': headingId, 'data-indicator': indicator.series },
    el('h2', { id: headingId }, indicator.name),
    el('p', { class: 'muted' }, `Enhet: ${indicator.unit}.`),
    years.length
      ? chart(indicator.name, indicator.unit, districtSeries, municipalitySeries)
      : el('p', {}, 'Inga siffror.'),
    el(
      'details',
      {},
      el('summary', {}, `${indicator.name} år för år, med källor`),
      el(
        'div',
        { class: 'table-scroll' },
        el(
          'table',
          { 'data-testid': `series-${indicator.series}` },
          el('caption', {}, `${indicator.name}, stadsdelen och kommunen`),
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              el('th', { scope: 'col' }, 'År'),
              el('th', { scope: 'col' }, 'Stadsdelen'),
              el('th', { scope: 'col' }, 'Kommunen'),
            ),
          ),
          el(
            'tbody',
            {},
            ...years.map((year) =>
              el(
                'tr',
                { 'data-year': year },
                el('th', { scope: 'row' }, String(year)),
                figureCell(byYear.get(year)?.district),
                figureCell(byYear.get(year)?.municipality),
              ),
            ),
          ),
        ),
      ),
      sourceList([...(districtSeries?.points ?? []), ...(municipalitySeries?.points ?? [])]),
    ),
  );
}

/**
 * The series as lines, district and municipality; published figures as filled dots, synthetic ones as open
 * circles, withheld years as a cross on the axis. The table below gives the same figures as text.
 */
function chart(name: string, unit: string, district: Series | null, municipality: Series | null): Element {
  const rows = [
    ...(district?.points ?? []).map((p) => ({ ...p, who: 'Stadsdelen' })),
    ...(municipality?.points ?? []).map((p) => ({ ...p, who: 'Kommunen' })),
  ];
  const shown = rows.filter((r) => !r.suppressed && r.value !== null);
  const withheld = rows.filter((r) => r.suppressed || r.value === null);
  // The marks are drawn for the eye; the figures are read from the table below, so screen readers skip them.
  const hidden = { ariaHidden: 'true' } as const;
  const figure = Plot.plot({
    width: 680,
    height: 240,
    marginLeft: 64,
    style: { fontSize: '13px', color: '#1a1a1a', background: 'transparent' },
    x: { label: 'År', tickFormat: 'd' },
    y: { label: unit, grid: true, zero: true, tickFormat: (v: number) => formatNumber(v) },
    color: { legend: true, domain: ['Stadsdelen', 'Kommunen'], range: ['#0b3d5c', '#a04a00'] },
    marks: [
      Plot.line(rows, {
        x: 'year',
        y: (r: (typeof rows)[number]) => (r.suppressed ? null : r.value),
        stroke: 'who',
        strokeWidth: 2,
        ...hidden,
      }),
      Plot.dot(
        shown.filter((r) => !r.source?.synthetic),
        { x: 'year', y: 'value', fill: 'who', r: 3.5, ...hidden },
      ),
      Plot.dot(
        shown.filter((r) => r.source?.synthetic),
        { x: 'year', y: 'value', stroke: 'who', fill: 'white', r: 3.5, strokeWidth: 1.5, ...hidden },
      ),
      Plot.text(withheld, {
        x: 'year',
        frameAnchor: 'bottom',
        dy: -4,
        text: () => '×',
        fill: 'who',
        fontSize: 16,
        ...hidden,
      }),
    ],
    ariaLabel: `${name} över åren, stadsdelen och kommunen`,
    ariaDescription: 'Fyllda punkter är publicerade siffror, ringar syntetiska, kryss år då siffran är undantagen.',
  });
  return el(
    'figure',
    { class: 'chart' },
    figure,
    el('figcaption', {}, 'Fylld punkt: publicerad. Ring: syntetisk. ×: undantagen.'),
  );
}
