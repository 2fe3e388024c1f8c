/**
 * Generates each subgraph's resolver types from its SDL with GraphQL Code
 * Generator, as the top-level codegen.ts configures it.
 *
 *   npm run codegen         writes subgraphs/<name>/src/generated/resolvers-types.ts
 *   npm run codegen:check   exits 1 if a committed one is stale or missing
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { finishResolverTypes, resolverTypesConfig } from '../codegen';
import { repositoryRoot } from '../schema/subgraph-list';

export interface GeneratedFile {
  /** Absolute. */
  file: string;
  content: string;
}

/**
 * The resolver types of the subgraphs in the repository at `root` (or of
 * those named), in memory, exactly as they are committed.
 */
export async function generateResolverTypes(root = repositoryRoot, only?: readonly string[]): Promise<GeneratedFile[]> {
  // The plugins are loaded from this checkout's node_modules (the CLI looks in `cwd`), whatever `root` is: the
  // scaffolder generates into copies that have none. Typed `any` by the CLI; unsaved, it answers what it would write.
  const outputs: { filename: string; content: string }[] = await generate(
    { ...resolverTypesConfig(root, only), cwd: repositoryRoot },
    false,
  );
  const files = await Promise.all(
    outputs.map(async ({ filename, content }) => ({
      file: filename,
      content: await finishResolverTypes(root, filename, content),
    })),
  );
  return files.sort((a, b) => a.file.localeCompare(b.file));
}

export function writeGeneratedFiles(files: readonly GeneratedFile[]): void {
  for (const { file, content } of files) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/** The generated files whose committed copy is missing or differs, relative to `root`. */
export async function staleResolverTypes(root = repositoryRoot): Promise<string[]> {
  return (await generateResolverTypes(root))
    .filter(({ file, content }) => !existsSync(file) || readFileSync(file, 'utf8') !== content)
    .map(({ file }) => relative(root, file));
}

async function main() {
  if (process.argv.includes('--check')) {
    const stale = await staleResolverTypes();
    if (stale.length > 0) {
      console.error(
        'codegen:check failed: these are not what the subgraphs’ schema.graphql and codegen.ts generate ' +
          '(stale, edited or missing):\n' +
          stale.map((file) => `  ${file}\n`).join('') +
          'Run `npm run codegen` and commit them.',
      );
      process.exit(1);
    }
    console.log('codegen:check: every subgraph’s resolver types are up to date');
    return;
  }
  const files = await generateResolverTypes();
  writeGeneratedFiles(files);
  for (const { file } of files) console.log(`wrote ${relative(repositoryRoot, file)}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`codegen failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
