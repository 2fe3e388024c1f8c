import { el, formatNumber } from './dom';

/** A figure as the API serves it: published or synthetic, and possibly withheld. */
export interface Figure {
  value: number | null;
  suppressed: boolean;
  source: { name: string; synthetic: boolean; publisher?: string | null; url?: string | null } | null;
}

/**
 * A figure for a table cell: the value (in `data-value`, exactly as served), or "undantagen" when it is withheld;
 * synthetic figures carry a visible mark, and the source is named in the cell's description.
 */
export function figureCell(figure: Figure | null | undefined): HTMLTableCellElement {
  if (!figure) return el('td', { class: 'figure missing', 'data-state': 'missing' }, '–');
  const source = figure.source?.name ?? 'okänd källa';
  if (figure.suppressed || figure.value === null) {
    return el(
      'td',
      { class: 'figure withheld', 'data-state': 'withheld', title: `Undantagen. Källa: ${source}` },
      el('span', { class: 'badge withheld-badge' }, 'undantagen'),
    );
  }
  const synthetic = figure.source?.synthetic === true;
  return el(
    'td',
    {
      class: synthetic ? 'figure synthetic' : 'figure published',
      'data-state': synthetic ? 'synthetic' : 'published',
      'data-value': String(figure.value),
      title: `${synthetic ? 'Syntetisk siffra' : 'Publicerad siffra'}. Källa: ${source}`,
    },
    formatNumber(figure.value),
    synthetic ? syntheticMark() : null,
  );
}

/** The synthetic mark: an S on screen, the word for a screen reader. */
function syntheticMark(): HTMLElement {
  return el(
    'span',
    {},
    el('span', { class: 'badge synthetic-badge', 'aria-hidden': 'true' }, 'S'),
    el('span', { class: 'visually-hidden' }, ' (syntetisk)'),
  );
}

/** The sources the figures name, listed where everyone can read them, not only on hover. */
export function sourceList(figures: (Figure | null | undefined)[]): HTMLElement {
  const names = [...new Set(figures.map((f) => f?.source?.name).filter((n): n is string => Boolean(n)))].sort();
  return el('p', { class: 'muted sources' }, `Källor: ${names.join('; ') || '–'}.`);
}

/** The key to the marks used in figure tables and charts. */
export function figureLegend(): HTMLElement {
  return el(
    'p',
    { class: 'legend' },
    el('span', { class: 'badge synthetic-badge', 'aria-hidden': 'true' }, 'S'),
    ' syntetisk siffra: stadsdelsnivå publiceras inte, så siffran är beräknad, deterministisk och förenlig med ' +
      'kommunens publicerade statistik. ',
    el('span', { class: 'badge withheld-badge' }, 'undantagen'),
    ' siffran lämnas inte ut. Källorna står under varje tabell; håll markören över en siffra för just dess källa.',
  );
}

/** Errors in an answer, each naming the authority whose part is missing; the page still shows what did arrive. */
export function errorList(messages: string[]): Node {
  if (!messages.length) return document.createDocumentFragment();
  return el(
    'div',
    { class: 'notice', role: 'alert' },
    el('p', {}, 'En del av uppgifterna kunde inte hämtas:'),
    el('ul', {}, ...[...new Set(messages)].map((m) => el('li', {}, m))),
  );
}
