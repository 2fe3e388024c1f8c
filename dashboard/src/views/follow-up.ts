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
    /** Absent where the obstacles are listed under their agreement already. */
    agreement?: { id: string };
  }[];
}

interface PartnerFollowUp {
  viewer: {
    organisation: string | null;
    partnerIn: {
      id: string;
      title: string;
      municipality: { name: string } | null;
      followUps: { year: number; status: string; dueOn: string; submittedOn: string | null; late: boolean }[] | null;
      obstacles: FollowUp['openObstacles'] | null;
    }[];
  } | null;
}

const kindLabels: Record<string, string> = { OBSTACLE: 'Hinder', GOAL_CONFLICT: 'Målkonflikt' };

/** Follow-up for whoever is signed in: a coordinator's over every agreement, a partner's over its own. */
export async function followUpView(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const session = currentSession();
  if (!session) {
    main.replaceChildren(
      el('h1', {}, 'Uppföljning'),
      el('p', {}, 'Uppföljningen visas för inloggade partner och samordnare. Logga in ovan.'),
    );
    return;
  }
  if (!session.roles.includes('coordinator')) return partnerView(main);
  return coordinatorView(main, params);
}

/** A partner's agreements, each with its yearly reports and its obstacles not resolved. */
async function partnerView(main: HTMLElement): Promise<void> {
  const { data, errors } = await run<PartnerFollowUp>('PartnerFollowUp');
  const agreements = data?.viewer?.partnerIn ?? [];
  main.replaceChildren(
    el('h1', {}, 'Uppföljning av era avtal'),
    errorList(errors.map(describeError)),
    agreements.length
      ? el('p', { class: 'lead' }, `Er organisation är part i ${agreements.length} avtal.`)
      : el('p', {}, 'Er organisation är inte part i något avtal.'),
    ...agreements.map((agreement) => {
      const open = (agreement.obstacles ?? []).filter((o) => o.status !== 'RESOLVED');
      return el(
        'section',
        { 'data-agreement': agreement.id, 'aria-labelledby': `avtal-${agreement.id}` },
        el('h2', { id: `avtal-${agreement.id}` }, agreement.title),
        agreement.followUps?.length
          ? el(
              'div',
              { class: 'table-scroll' },
              el(
                'table',
                { 'data-testid': 'follow-ups' },
                el('caption', {}, 'Årliga uppföljningsrapporter'),
                el('thead', {}, el('tr', {}, ...['År', 'Ska in', 'Status'].map((h) => el('th', { scope: 'col' }, h)))),
                el(
                  'tbody',
                  {},
                  ...(agreement.followUps ?? []).map((report) =>
                    el(
                      'tr',
                      {},
                      el('th', { scope: 'row' }, String(report.year)),
                      el('td', {}, report.dueOn),
                      el(
                        'td',
                        {},
                        report.status === 'SUBMITTED'
                          ? `Inlämnad ${report.submittedOn ?? ''}${report.late ? ' (sent)' : ''}`
                          : el('strong', {}, report.late ? 'Utkast, försenad' : 'Utkast'),
                      ),
                    ),
                  ),
                ),
              ),
            )
          : el('p', {}, 'Inga uppföljningsrapporter ännu.'),
        el('h3', {}, 'Olösta hinder'),
        open.length ? obstacleList(open) : el('p', {}, 'Inga olösta hinder.'),
      );
    }),
  );
}

function obstacleList(obstacles: FollowUp['openObstacles']): HTMLElement {
  return el(
    'ul',
    { class: 'cards', 'data-testid': 'open-obstacles' },
    ...obstacles.map((obstacle) =>
      el(
        'li',
        {},
        el(
          'p',
          {},
          el('strong', {}, `${label(kindLabels, obstacle.kind)} · ${label(obstacleStatusLabels, obstacle.status)}`),
          obstacle.focusArea ? ` · ${label(focusAreaLabels, obstacle.focusArea)}` : '',
        ),
        el('p', {}, obstacle.description),
        obstacle.agreement ? el('p', { class: 'muted' }, `Avtal ${obstacle.agreement.id}`) : null,
      ),
    ),
  );
}

/** The coordinator's follow-up over every agreement: reports due and obstacles not resolved, as of a date. */
async function coordinatorView(main: HTMLElement, params: URLSearchParams): Promise<void> {
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
    data?.openObstacles?.length ? obstacleList(data.openObstacles) : el('p', {}, 'Inga olösta hinder.'),
  );
}
