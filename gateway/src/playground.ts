import { dirname, join } from 'node:path';
import type { Express } from 'express';
import type { RegisteredOperation } from '../../schema/operations';

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
};

const bootstrap = `
const config = JSON.parse(document.getElementById('playground-config').textContent);
const fetcher = GraphiQL.createFetcher({ url: config.endpoint });
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultTabs: config.tabs,
    // GraphiQL 4 fills the first tab's variables from this prop, not from defaultTabs.
    variables: config.tabs[0] && config.tabs[0].variables,
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: false,
  }),
);
`;

/** JSON that is safe inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

export function playgroundHtml(operations: readonly RegisteredOperation[], endpoint = '/graphql'): string {
  const tabs = operations.map((op) => ({
    query: op.document,
    variables: JSON.stringify(op.variables, null, 2),
    // An operation for a signed-in caller says which, where the token goes.
    ...(op.caller
      ? {
          headers: JSON.stringify(
            { authorization: `Bearer <a token with org ${op.caller.org} and roles ${op.caller.roles.join(', ')}>` },
            null,
            2,
          ),
        }
      : {}),
  }));
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Samverkan GraphQL playground</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/playground/graphiql.min.css" />
    <style>body { margin: 0; } #graphiql { height: 100vh; }</style>
  </head>
  <body>
    <div id="graphiql">Loading the playground…</div>
    <script id="playground-config" type="application/json">${scriptJson({ endpoint, tabs })}</script>
    <script src="/playground/react.production.min.js"></script>
    <script src="/playground/react-dom.production.min.js"></script>
    <script src="/playground/graphiql.min.js"></script>
    <script src="/playground/main.js"></script>
  </body>
</html>
`;
}

/** Mounts `/` (the playground, preloaded with the registered operations) and its assets. */
export function mountPlayground(app: Express, operations: readonly RegisteredOperation[]): void {
  const html = playgroundHtml(operations);
  app.get('/', (_request, response) => {
    response.type('html').send(html);
  });
  app.get('/playground/main.js', (_request, response) => {
    response.type('application/javascript').send(bootstrap);
  });
  for (const [name, file] of Object.entries(assets)) {
    app.get(`/playground/${name}`, (_request, response) => {
      response.sendFile(file, { maxAge: '1d' });
    });
  }
}
