import './style.css';
import { el } from './dom';
import { label, organisationLabels, roleLabels } from './labels';
import { currentSession, signInForDevelopment, signInWithToken, signOut } from './session';
import { agreementsView } from './views/agreements';
import { authoritiesView } from './views/authorities';
import { districtView } from './views/district';
import { followUpView } from './views/follow-up';

/** What the gateway says about itself when it serves the page: whether development sign-in is there. */
const config = JSON.parse(document.getElementById('dashboard-config')?.textContent ?? '{}') as {
  developmentSignIn?: boolean;
};

const main = document.getElementById('main') as HTMLElement;
const signInArea = document.getElementById('sign-in') as HTMLElement;

/** Who one may act as in development: the coordinator, each authority, and some agreement municipalities. */
const developmentCallers = [
  { org: 'storstadsdelegationen', role: 'coordinator' },
  { org: 'polisen', role: 'partner' },
  { org: 'arbetsformedlingen', role: 'partner' },
  { org: 'forsakringskassan', role: 'partner' },
  { org: '0180', role: 'partner', name: 'Stockholms stad' },
  { org: '1280', role: 'partner', name: 'Malmö stad' },
  { org: '1480', role: 'partner', name: 'Göteborgs stad' },
];

function renderSignIn(): void {
  const session = currentSession();
  if (session) {
    const organisation =
      developmentCallers.find((c) => c.org === session.organisation)?.name ??
      label(organisationLabels, session.organisation);
    const who = `${organisation || 'okänd organisation'} (${session.roles.map((r) => label(roleLabels, r)).join(', ') || 'utan roll'})`;
    const out = el('button', { type: 'button' }, 'Logga ut');
    out.addEventListener('click', () => {
      signOut();
      refresh();
    });
    signInArea.replaceChildren(el('p', { 'data-testid': 'signed-in' }, `Inloggad som ${who}. `, out));
    return;
  }
  const status = el('p', { role: 'status', class: 'muted' });
  if (config.developmentSignIn) {
    const form = el(
      'form',
      { class: 'inline-form', 'data-testid': 'development-sign-in' },
      el('label', { for: 'act-as' }, 'Agera som (utveckling)'),
      el(
        'select',
        { id: 'act-as' },
        ...developmentCallers.map((c, i) =>
          el('option', { value: i }, `${c.name ?? label(organisationLabels, c.org)}, ${label(roleLabels, c.role)}`),
        ),
      ),
      el('button', { type: 'submit' }, 'Logga in'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosen = developmentCallers[Number((form.querySelector('select') as HTMLSelectElement).value)];
      signInForDevelopment(chosen.org, chosen.role).then(
        refresh,
        (error: Error) => (status.textContent = error.message),
      );
    });
    signInArea.replaceChildren(form, status);
    return;
  }
  const form = el(
    'form',
    { class: 'inline-form', 'data-testid': 'token-sign-in' },
    el('label', { for: 'token' }, 'Token från er identitetsleverantör'),
    el('input', { id: 'token', type: 'password', autocomplete: 'off' }),
    el('button', { type: 'submit' }, 'Logga in'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    try {
      signInWithToken((form.querySelector('input') as HTMLInputElement).value);
      refresh();
    } catch (error) {
      status.textContent = (error as Error).message;
    }
  });
  signInArea.replaceChildren(form, status);
}

/** Which navigation is the latest: a slower earlier one never replaces the view asked for after it. */
let navigation = 0;

/** Routes: `#/` agreements, `#/stadsdel/<id>` a district, `#/myndigheter` authorities, `#/uppfoljning` follow-up. */
async function route(): Promise<void> {
  const current = ++navigation;
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query ?? '');
  const segments = (path || '/').split('/').filter(Boolean);
  for (const link of document.querySelectorAll<HTMLAnchorElement>('nav a')) {
    const current = link.getAttribute('href') === `#/${segments[0] ?? ''}`;
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  main.setAttribute('aria-busy', 'true');
  // Each view is built apart and shown only if no later navigation has started meanwhile.
  const view = el('div');
  try {
    if (segments[0] === 'stadsdel' && segments[1]) await districtView(view, decodeURIComponent(segments[1]));
    else if (segments[0] === 'myndigheter') await authoritiesView(view);
    else if (segments[0] === 'uppfoljning') await followUpView(view, params);
    else await agreementsView(view, params);
  } catch (error) {
    view.replaceChildren(el('h1', {}, 'Något gick fel'), el('p', { role: 'alert' }, (error as Error).message));
  }
  if (current !== navigation) return;
  main.replaceChildren(...view.childNodes);
  document.title = `${main.querySelector('h1')?.textContent ?? 'Översikt'} – Samverkan`;
  main.removeAttribute('aria-busy');
  main.dataset.view = segments[0] ?? 'oversikt';
  const anchor = params.get('id');
  if (anchor) document.getElementById(`myndighet-${anchor}`)?.scrollIntoView();
}

function refresh(): void {
  renderSignIn();
  void route();
}

window.addEventListener('hashchange', () => {
  // Only `#/…` are views; another fragment (none is linked) leaves the view as it is.
  if (location.hash.startsWith('#/')) void route().then(() => main.focus());
});
// The skip link moves the focus to the content without touching the address, which names the view.
document.querySelector('a.skip')?.addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});
refresh();
