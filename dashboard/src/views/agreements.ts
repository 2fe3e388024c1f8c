import { describeError, run } from '../api';
import { el } from '../dom';
import { errorList, figureCell, figureLegend, sourceList, type Figure } from '../figures';
import { focusAreaLabels, label, partnerRoleLabels, vulnerabilityLabels } from '../labels';

interface Overview {
  agreements: {
    id: string;
    period: { start: string; end: string };
    focusAreas: string[];
    municipality: { code: string; name: string; county: { name: string } | null } | null;
    partners: { role: string; partner: { __typename: string; name?: string; id?: string; code?: string } | null }[];
    districts: {
      id: string;
      name: string;
      vulnerability: { category: string; listYear: number } | null;
      unemployment: Figure | null;
      sicknessIndex: Figure | null;
      reportedCrimes: Figure | null;
    }[];
  }[];
}

const years = Array.from({ length: 2022 - 2006 + 1 }, (_, i) => 2006 + i);

/** The agreements, their partners and districts, and each district's indicators for one year. */
export async function agreementsView(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const year = years.includes(Number(params.get('ar'))) ? Number(params.get('ar')) : 2009;
  const { data, errors } = await run<Overview>('AgreementOverview', { year });
  const agreements = data?.agreements ?? [];
  const municipalities = new Set(agreements.map((a) => a.municipality?.code)).size;
  const districts = agreements.reduce((n, a) => n + a.districts.length, 0);

  const yearPicker = el(
    'form',
    { class: 'inline-form' },
    el('label', { for: 'year' }, 'År för nyckeltalen'),
    el(
      'select',
      { id: 'year', name: 'ar' },
      ...years.map((y) => el('option', { value: y, selected: y === year }, String(y))),
    ),
    el('button', { type: 'submit' }, 'Visa'),
  );
  yearPicker.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/?ar=${(yearPicker.querySelector('select') as HTMLSelectElement).value}`;
  });

  main.replaceChildren(
    el('h1', {}, 'Lokala utvecklingsavtal'),
    el(
      'p',
      { class: 'lead' },
      `${agreements.length} avtal i ${municipalities} kommuner med ${districts} stadsdelar. Kommunen, Polisen, ` +
        'Arbetsförmedlingen och Försäkringskassan arbetar tillsammans mot målen inom arbete, utbildning, ' +
        'trygghet och tillväxt.',
    ),
    errorList(errors.map(describeError)),
    el('h2', {}, 'Avtalen'),
    agreementTable(agreements),
    el('h2', {}, `Stadsdelarnas nyckeltal ${year}`),
    yearPicker,
    figureLegend(),
    districtTable(agreements, year),
    sourceList(
      agreements.flatMap((a) => a.districts.flatMap((d) => [d.unemployment, d.sicknessIndex, d.reportedCrimes])),
    ),
  );
}

function headerRow(headings: string[]): HTMLElement {
  return el('thead', {}, el('tr', {}, ...headings.map((h) => el('th', { scope: 'col' }, h))));
}

function agreementTable(agreements: Overview['agreements']): HTMLElement {
  return el(
    'div',
    { class: 'table-scroll' },
    el(
      'table',
      { 'data-testid': 'agreements' },
      el('caption', {}, 'Avtal med avtalsperiod, fokusområden, partner och stadsdelar'),
      headerRow(['Kommun', 'Avtalsperiod', 'Fokusområden', 'Partner', 'Stadsdelar']),
      el(
        'tbody',
        {},
        ...agreements.map((agreement) =>
          el(
            'tr',
            { 'data-agreement': agreement.id },
            el(
              'th',
              { scope: 'row' },
              agreement.municipality?.name ?? '–',
              el('span', { class: 'muted' }, agreement.municipality?.county?.name ?? ''),
            ),
            el('td', {}, `${agreement.period.start} – ${agreement.period.end}`),
            el('td', {}, agreement.focusAreas.map((f) => label(focusAreaLabels, f)).join(', ')),
            el(
              'td',
              {},
              el(
                'ul',
                { class: 'plain' },
                ...agreement.partners.map((p) =>
                  el(
                    'li',
                    {},
                    p.partner?.id
                      ? el('a', { href: `#/myndigheter?id=${p.partner.id}` }, p.partner.name ?? p.partner.id)
                      : (p.partner?.name ?? label(partnerRoleLabels, p.role)),
                  ),
                ),
              ),
            ),
            el(
              'td',
              {},
              el(
                'ul',
                { class: 'plain' },
                ...agreement.districts.map((d) =>
                  el(
                    'li',
                    {},
                    el('a', { href: `#/stadsdel/${encodeURIComponent(d.id)}` }, d.name),
                    d.vulnerability
                      ? el('span', { class: 'tag' }, label(vulnerabilityLabels, d.vulnerability.category))
                      : null,
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

function districtTable(agreements: Overview['agreements'], year: number): HTMLElement {
  const rows = agreements.flatMap((a) =>
    a.districts.map((district) => ({ district, municipality: a.municipality?.name ?? '' })),
  );
  return el(
    'div',
    { class: 'table-scroll' },
    el(
      'table',
      { 'data-testid': 'district-figures' },
      el('caption', {}, `Arbetslöshet, ohälsotal och anmälda brott per stadsdel ${year}`),
      headerRow(['Stadsdel', 'Kommun', 'Arbetslöshet (%)', 'Ohälsotal (dagar)', 'Anmälda brott per 100 000']),
      el(
        'tbody',
        {},
        ...rows.map(({ district, municipality }) =>
          el(
            'tr',
            { 'data-district': district.id },
            el(
              'th',
              { scope: 'row' },
              el('a', { href: `#/stadsdel/${encodeURIComponent(district.id)}` }, district.name),
            ),
            el('td', {}, municipality),
            figureCell(district.unemployment),
            figureCell(district.sicknessIndex),
            figureCell(district.reportedCrimes),
          ),
        ),
      ),
    ),
  );
}
