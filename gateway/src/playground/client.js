// The playground in the browser: GraphiQL with the product's header bar, one Authorization token shared by every
// tab (kept in this browser's localStorage, nowhere else), and a panel showing how the gateway split the last
// request across the subgraphs. Plain JavaScript on the UMD builds of React and GraphiQL the page loads first.
/* global React, ReactDOM, GraphiQL, window, document, Headers */
(function () {
  'use strict';
  const config = JSON.parse(document.getElementById('playground-config').textContent);
  const tokenKey = 'samverkan.playground.token';
  const h = React.createElement;

  // The last answer's query plan report, and who wants to know when it changes.
  let lastPlan = { state: 'none' };
  const planListeners = new Set();
  function showPlan(next) {
    lastPlan = next;
    for (const listener of planListeners) listener(next);
  }

  // The token is kept in this browser until signing out or its expiry, whichever comes first.
  function storedToken() {
    try {
      const token = window.localStorage.getItem(tokenKey) || '';
      if (token && expired(token)) {
        window.localStorage.removeItem(tokenKey);
        return '';
      }
      return token;
    } catch {
      return '';
    }
  }

  function expired(token) {
    try {
      const payload = JSON.parse(window.atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      return typeof payload.exp === 'number' && payload.exp * 1000 <= Date.now();
    } catch {
      return false;
    }
  }

  // Every request: the shared token unless the tab's own headers name an Authorization, and the ask for a plan.
  async function playgroundFetch(url, init) {
    const headers = new Headers(init && init.headers);
    const token = storedToken();
    if (token && !headers.has('authorization')) headers.set('authorization', 'Bearer ' + token);
    headers.set(config.queryPlanHeader, 'on');
    const response = await window.fetch(url, Object.assign({}, init, { headers }));
    const introspection = typeof init.body === 'string' && init.body.includes('IntrospectionQuery');
    if (!introspection) {
      response
        .clone()
        .json()
        .then(
          (body) => {
            const report = body && body.extensions && body.extensions.queryPlan;
            showPlan(report ? { state: 'plan', report } : { state: 'unavailable' });
          },
          () => showPlan({ state: 'unavailable' }),
        );
    }
    return response;
  }

  function TokenForm() {
    const [saved, setSaved] = React.useState(storedToken);
    const [draft, setDraft] = React.useState('');
    React.useEffect(() => {
      // Another tab saved or cleared the token: this one uses it too.
      const onStorage = (event) => event.key === tokenKey && setSaved(event.newValue || '');
      window.addEventListener('storage', onStorage);
      return () => window.removeEventListener('storage', onStorage);
    }, []);
    const save = (event) => {
      event.preventDefault();
      const token = draft.trim().replace(/^Bearer\s+/i, '');
      if (!token) return;
      window.localStorage.setItem(tokenKey, token);
      setSaved(token);
      setDraft('');
    };
    const clear = () => {
      window.localStorage.removeItem(tokenKey);
      setSaved('');
    };
    return h(
      'form',
      { className: 'sv-token', onSubmit: save, 'aria-label': 'Caller token' },
      h(
        'span',
        { className: 'sv-token-state', 'data-testid': 'token-state' },
        saved ? 'Signed in: every tab sends your token' : 'Anonymous: public data only',
      ),
      h('label', { htmlFor: 'sv-token-input' }, 'Token'),
      h('input', {
        id: 'sv-token-input',
        type: 'password',
        autoComplete: 'off',
        spellCheck: false,
        placeholder: saved ? '•••••• (saved)' : 'paste a caller token',
        value: draft,
        onChange: (event) => setDraft(event.target.value),
      }),
      h('button', { type: 'submit' }, 'Use token'),
      saved ? h('button', { type: 'button', onClick: clear }, 'Sign out') : null,
    );
  }

  function HeaderBar() {
    return h(
      'header',
      { className: 'sv-header' },
      h(
        'div',
        { className: 'sv-intro' },
        h('h1', null, config.productName),
        h(
          'p',
          null,
          'One GraphQL API over the data that municipalities, the Police, Arbetsförmedlingen and ' +
            'Försäkringskassan share under local development agreements. Each authority runs its own subgraph; ' +
            'this gateway joins them. The tabs hold the operations dashboards run.',
        ),
        h(
          'p',
          { className: 'sv-links' },
          h('a', { href: config.docs.readme }, 'README'),
          ' · ',
          h('a', { href: config.docs.contributing }, 'Contributing a subgraph'),
          ' · ',
          h('span', null, config.signIn.text + ' '),
          config.signIn.command ? h('code', null, config.signIn.command) : null,
        ),
        config.signedIn.length
          ? h(
              'details',
              null,
              h('summary', null, 'Operations that need a signed-in caller'),
              h(
                'ul',
                null,
                config.signedIn.map((line) => h('li', { key: line }, line)),
              ),
            )
          : null,
      ),
      h(TokenForm),
    );
  }

  function PlanIcon() {
    return h(
      'svg',
      { viewBox: '0 0 24 24', width: 20, height: 20, 'aria-hidden': true, fill: 'none', stroke: 'currentColor' },
      h('path', { d: 'M4 5h6M4 12h10M4 19h16', strokeWidth: 2, strokeLinecap: 'round' }),
    );
  }

  function PlanPanel() {
    const [plan, setPlan] = React.useState(lastPlan);
    React.useEffect(() => {
      planListeners.add(setPlan);
      return () => planListeners.delete(setPlan);
    }, []);
    if (plan.state === 'none') return h('p', null, 'Run an operation to see how the gateway planned it.');
    if (plan.state === 'unavailable') {
      return h('p', null, 'No query plan came with the last answer: the gateway shows plans in development only.');
    }
    const { report } = plan;
    const end = Math.max(1, ...report.fetches.map((f) => f.startMs + f.durationMs));
    return h(
      'div',
      { className: 'sv-plan', 'data-testid': 'query-plan' },
      h('h2', null, 'Fetches of the last request'),
      h(
        'div',
        { className: 'sv-scroll' },
        h(
          'table',
          null,
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['Subgraph', 'Path', 'Entities', 'Start ms', 'Took ms', ''].map((t, i) => h('th', { key: i }, t)),
            ),
          ),
          h(
            'tbody',
            null,
            report.fetches.map((f, i) =>
              h(
                'tr',
                { key: i, className: f.outcome === 'answered' ? '' : 'sv-failed' },
                h('td', null, f.subgraph),
                h('td', null, f.path || '(root)'),
                h('td', null, f.entities === undefined ? '' : String(f.entities)),
                h('td', null, f.startMs.toFixed(1)),
                h('td', null, f.durationMs.toFixed(1) + (f.outcome === 'answered' ? '' : ' ' + f.outcome)),
                h(
                  'td',
                  { className: 'sv-bar-cell', 'aria-hidden': true },
                  h('span', {
                    className: 'sv-bar',
                    style: {
                      marginLeft: (100 * f.startMs) / end + '%',
                      width: Math.max(1, (100 * f.durationMs) / end) + '%',
                    },
                  }),
                ),
              ),
            ),
          ),
        ),
      ),
      h('h2', null, 'Query plan'),
      h('pre', null, report.plan || '(none: the operation was answered without a plan)'),
    );
  }

  const fetcher = GraphiQL.createFetcher({ url: config.endpoint, fetch: playgroundFetch });
  function Playground() {
    return h(
      'div',
      { className: 'sv-page' },
      h(HeaderBar),
      h(
        'main',
        { className: 'sv-graphiql' },
        h(GraphiQL, {
          fetcher,
          defaultTabs: config.tabs,
          // GraphiQL 4 fills the first tab's variables from this prop, not from defaultTabs.
          variables: config.tabs[0] && config.tabs[0].variables,
          defaultEditorToolsVisibility: true,
          // Each tab's own headers are kept in this browser across reloads too.
          shouldPersistHeaders: true,
          plugins: [{ title: 'Query plan', icon: PlanIcon, content: PlanPanel }],
        }),
      ),
    );
  }
  ReactDOM.createRoot(document.getElementById('playground')).render(h(Playground));
})();
