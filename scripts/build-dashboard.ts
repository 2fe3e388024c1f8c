/**
 * The dashboard's bundle, the last step of `npm run build`: `dashboard/src/main.ts` with Observable Plot and the
 * registered operations' documents, bundled and minified by esbuild into `dist/dashboard/` (index.html,
 * assets/main.js, assets/main.css), which the gateway serves at `/dashboard`. Nothing is fetched at run time.
 *
 * Runs compiled, like link-compiled-workspaces.ts: it imports by relative path, never `@samverkan/*`.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { repositoryPath } from '../common/src/repository';
import { loadRegisteredOperations } from '../schema/operations';

export const dashboardDist = repositoryPath('dist', 'dashboard');

/** Builds the dashboard into `outdir` and gives each file's size in bytes. */
export async function buildDashboard(outdir = dashboardDist): Promise<Record<string, number>> {
  const documents = Object.fromEntries(loadRegisteredOperations().map((op) => [op.name, op.document]));
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(join(outdir, 'assets'), { recursive: true });
  await build({
    entryPoints: [repositoryPath('dashboard', 'src', 'main.ts')],
    outfile: join(outdir, 'assets', 'main.js'),
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['chrome110', 'firefox110', 'safari16'],
    legalComments: 'linked',
    logLevel: 'warning',
    plugins: [
      {
        // `import operations from 'registered-operations'`: the documents as the gateway knows them, verbatim.
        name: 'registered-operations',
        setup(esbuild) {
          esbuild.onResolve({ filter: /^registered-operations$/ }, () => ({
            path: 'operations',
            namespace: 'samverkan',
          }));
          esbuild.onLoad({ filter: /.*/, namespace: 'samverkan' }, () => ({
            contents: JSON.stringify(documents),
            loader: 'json',
          }));
        },
      },
    ],
  });
  writeFileSync(join(outdir, 'index.html'), readFileSync(repositoryPath('dashboard', 'index.html'), 'utf8'));
  const files = ['index.html', 'assets/main.js', 'assets/main.css'];
  return Object.fromEntries(files.map((file) => [file, statSync(join(outdir, file)).size]));
}

if (require.main === module) {
  buildDashboard().then(
    (sizes) => {
      const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
      console.log(
        `dashboard: ${Object.entries(sizes)
          .map(([file, bytes]) => `${file} ${kb(bytes)}`)
          .join(', ')}`,
      );
    },
    (error: Error) => {
      console.error(`dashboard build failed: ${error.message}`);
      process.exit(1);
    },
  );
}
