import { describeError, run } from '../api';
import { el } from '../dom';
import { errorList } from '../figures';
import { focusAreaLabels, label, obstacleStatusLabels } from '../labels';
import { currentSession } from '../session';

interface FollowUp {
  reportsDue: {
    agreement: { id: string; title: string; municipality: { name: string } | null };
    year: number;
    dueOn: string;
    overdue: boolean;
    drafted: boolean;
  }[];
  openObstacles: {
    id: string;
    kind: string;
    status: string;
    focusArea: string | null;
    description: string;
    agreement: { id: string };
  }[];
}

const kindLabels: Record<string, string> = { OBSTACLE: 'Hinder', GOAL_CONFLICT: 'Målkonflikt' };

/** The coordinator's follow-up: reports due and obstacles not resolved, as of a date. */
export async function followUpView(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const session = currentSession();
  if (!session) {
    main.replaceChildren(
      el('h1', {}, 'Uppföljning'),
      el('p', {}, 'Uppföljningen visas för inloggade samordnare. Logga in ovan.'),
    );
    return;
  }
  const asked = params.get('per') ?? '';
  // A real date only (2010-13-01 is none), else the follow-up's example date.
  const time = /^\d{4}-\d{2}-\d{2}$/.test(asked) ? Date.parse(`${asked}T00:00:00Z`) : NaN;
  const valid = !Number.isNaN(time) && new Date(time).toISOString().startsWith(asked);
  const asOf = valid ? asked : '2010-11-01';
  const year = Number(asOf.slice(0, 4));
  const quarter = Math.floor((Number(asOf.slice(5, 7)) - 1) / 3) + 1;
  const { data, errors } = await run<FollowUp>('FollowUpDashboard', { asOf, year, quarter });
  const forbidden = errors.some((e) => e.extensions?.code === 'FORBIDDEN');
  main.replaceChildren(
    el('h1', {}, `Uppföljning per ${asOf}`),
    forbidden
      ? el('p', { class: 'notice', role: 'status' }, 'Uppföljningen över alla avtal är för samordnare.')
      : errorList(errors.map(describeError)),
    el('h2', {}, 'Rapporter som ska in'),
    data?.reportsDue?.length
      ? el(
          'div',
          { class: 'table-scroll' },
          el(
            'table',
            { 'data-testid': 'reports-due' },
            el('caption', {}, `Uppföljningsrapporter som inte lämnats in per ${asOf}`),
            el(
              'thead',
              {},
              el('tr', {}, ...['Avtal', 'Kommun', 'År', 'Ska in', 'Status'].map((h) => el('th', { scope: 'col' }, h))),
            ),
            el(
              'tbody',
              {},
              ...data.reportsDue.map((report) =>
                el(
                  'tr',
                  {},
                  el('th', { scope: 'row' }, report.agreement.title),
                  el('td', {}, report.agreement.municipality?.name ?? ''),
                  el('td', {}, String(report.year)),
                  el('td', {}, report.dueOn),
                  el(
                    'td',
                    {},
                    report.overdue ? el('strong', {}, 'Försenad') : 'Ej förfallen',
                    report.drafted ? ' (utkast finns)' : '',
                  ),
                ),
              ),
            ),
          ),
        )
      : el('p', {}, 'Inga rapporter väntar.'),
    el('h2', {}, 'Olösta hinder'),
    data?.openObstacles?.length
      ? el(
          'ul',
          { class: 'cards', 'data-testid': 'open-obstacles' },
          ...data.openObstacles.map((obstacle) =>
            el(
              'li',
              {},
              el(
                'p',
                {},
                el(
                  'strong',
                  {},
                  `${label(kindLabels, obstacle.kind)} · ${label(obstacleStatusLabels, obstacle.status)}`,
                ),
                obstacle.focusArea ? ` · ${label(focusAreaLabels, obstacle.focusArea)}` : '',
              ),
              el('p', {}, obstacle.description),
              el('p', { class: 'muted' }, `Avtal ${obstacle.agreement.id}`),
            ),
          ),
        )
      : el('p', {}, 'Inga olösta hinder.'),
  );
}
