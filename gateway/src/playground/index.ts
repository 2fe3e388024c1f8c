import { dirname, join } from 'node:path';
import type { Express } from 'express';
import { repositoryPath } from '@samverkan/common';
import type { RegisteredOperation } from '../../../schema/operations';
import { queryPlanHeader } from '../query-plan-report';
import { scriptJson } from '../script-json';

/**
 * GraphiQL served by the gateway itself, scripts and styles included, so the
 * playground works on a machine with no internet (Apollo's default landing
 * page loads from a CDN). GraphiQL 4 ships a UMD build that runs on React
 * 18's standalone builds; all three come from node_modules.
 */
const assets: Record<string, string> = {
  'react.production.min.js': join(dirname(require.resolve('react/package.json')), 'umd', 'react.production.min.js'),
  'react-dom.production.min.js': join(
    dirname(require.resolve('react-dom/package.json')),
    'umd',
    'react-dom.production.min.js',
  ),
  'graphiql.min.js': join(dirname(require.resolve('graphiql/package.json')), 'graphiql.min.js'),
  'graphiql.min.css': join(dirname(require.resolve('graphiql/package.json')), 'graphiql.min.css'),
  // Ours, served as written: plain JavaScript and CSS for the browser, beside this file in the repository.
  'client.js': repositoryPath('gateway', 'src', 'playground', 'client.js'),
  'playground.css': repositoryPath('gateway', 'src', 'playground', 'playground.css'),
};

/** The documents the playground links to, served as text from the repository: the playground works offline. */
const docs = {
  readme: { route: '/docs/README.md', file: repositoryPath('README.md') },
  contributing: {
    route: '/docs/contributing-a-subgraph.md',
    file: repositoryPath('docs', 'contributing-a-subgraph.md'),
  },
};

export interface PlaygroundOptions {
  endpoint?: string;
  /** Production: tokens come from the identity provider, and `npm run token` refuses to run. */
  production: boolean;
}

export function playgroundHtml(operations: readonly RegisteredOperation[], options: PlaygroundOptions): string {
  // A caller's own token goes in the header bar, shared by every tab: a placeholder in a tab's headers would win.
  const tabs = operations.map((op) => ({ query: op.document, variables: JSON.stringify(op.variables, null, 2) }));
  const signedIn = operations
    .filter((op) => op.caller)
    .map((op) => `${op.name} (org ${op.caller!.org}, ${op.caller!.roles.join(', ')})`);
  const signIn = options.production
    ? { text: 'Sign in with a token from your organisation’s identity provider.' }
    : { text: 'Sign in with a development token:', command: 'npm run -s token -- --org 0180 --role partner' };
  const config = {
    endpoint: options.endpoint ?? '/graphql',
    productName: 'Samverkan GraphQL',
    tabs,
    signIn,
    signedIn,
    queryPlanHeader,
    docs: { readme: docs.readme.route, contributing: docs.contributing.route },
  };
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Samverkan GraphQL – playground</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/playground/graphiql.min.css" />
    <link rel="stylesheet" href="/playground/playground.css" />
  </head>
  <body>
    <div id="playground">Loading the playground…</div>
    <script id="playground-config" type="application/json">${scriptJson(config)}</script>
    <script src="/playground/react.production.min.js"></script>
    <script src="/playground/react-dom.production.min.js"></script>
    <script src="/playground/graphiql.min.js"></script>
    <script src="/playground/client.js"></script>
  </body>
</html>
`;
}

/** Mounts `/` (the playground, preloaded with the registered operations), its assets and the documents it links. */
export function mountPlayground(app: Express, operations: readonly RegisteredOperation[], production: boolean): void {
  const html = playgroundHtml(operations, { production });
  app.get('/', (_request, response) => {
    response.type('html').send(html);
  });
  for (const [name, file] of Object.entries(assets)) {
    app.get(`/playground/${name}`, (_request, response) => {
      response.sendFile(file, { maxAge: '1d' });
    });
  }
  for (const { route, file } of Object.values(docs)) {
    app.get(route, (_request, response) => {
      response.type('text/plain; charset=utf-8').sendFile(file);
    });
  }
}
