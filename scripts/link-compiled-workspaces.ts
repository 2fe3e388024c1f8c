/**
 * The last step of `npm run build`: makes `require('@samverkan/common')` in
 * compiled code load compiled code. A workspace's package.json points `main`
 * at its TypeScript source, which tsx and Jest run as it is; Node, resolving
 * from a file in `dist/`, looks in `dist/node_modules/` before the workspace
 * links in `node_modules/`, so a one-line module there per workspace sends it
 * to `dist/<workspace>/<main>.js`.
 *
 * Runs compiled, so it must not import `@samverkan/*` itself: on the first
 * build nothing it writes exists yet.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { repositoryPath } from '../common/src/repository';

interface PackageJson {
  name: string;
  main?: string;
  workspaces?: string[];
}

const readPackage = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;

/** The folders the root package.json's `workspaces` names; `<folder>/*` is the only pattern it uses. */
function workspaceFolders(): string[] {
  return (readPackage(repositoryPath()).workspaces ?? []).flatMap((pattern) => {
    if (!pattern.includes('*')) return [pattern];
    if (!pattern.endsWith('/*') || pattern.slice(0, -2).includes('*')) {
      throw new Error(`workspace pattern "${pattern}" is not <folder>/*: teach scripts/link-compiled-workspaces.ts it`);
    }
    const parent = pattern.slice(0, -2);
    return readdirSync(repositoryPath(parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(repositoryPath(parent, entry.name, 'package.json')))
      .map((entry) => join(parent, entry.name));
  });
}

/**
 * Drops compiled files whose source is gone. An incremental build leaves them: after `common/src/http.ts` became
 * `common/src/http/index.ts`, the old `dist/common/src/http.js` would still win `require('./http')` over the folder.
 */
function pruneOrphans(dist: string, folder = dist): void {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (path !== join(dist, 'node_modules')) pruneOrphans(dist, path);
    } else if (entry.name.endsWith('.js')) {
      const source = repositoryPath(relative(dist, path).replace(/\.js$/, '.ts'));
      if (!existsSync(source)) rmSync(path);
    }
  }
}

function main() {
  const dist = repositoryPath('dist');
  pruneOrphans(dist);
  for (const folder of workspaceFolders()) {
    const { name, main } = readPackage(repositoryPath(folder));
    if (!main?.endsWith('.ts')) continue;
    const compiled = join(dist, folder, main.replace(/\.ts$/, '.js'));
    if (!existsSync(compiled)) throw new Error(`${name}: ${relative(repositoryPath(), compiled)} was not built`);
    const link = join(dist, 'node_modules', name, 'index.js');
    mkdirSync(dirname(link), { recursive: true });
    writeFileSync(link, `module.exports = require(${JSON.stringify(relative(dirname(link), compiled))});\n`);
  }
}

main();
