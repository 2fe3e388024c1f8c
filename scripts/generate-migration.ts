/**
 * Writes a TypeORM migration that brings a subgraph's database from its
 * current migrations to its entities, like `typeorm migration:generate`, but
 * against a throw-away embedded PostgreSQL so no server is needed:
 *
 *   npm run migration:generate -- <subgraph> <kebab-name>
 */
import 'reflect-metadata';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, openDatabase } from '@samverkan/common';
import { subgraphDefinitions } from '../subgraphs/registry';

/** Rewrites `migrations/index.ts` to list every migration file, oldest first. */
function writeMigrationIndex(dir: string) {
  const files = readdirSync(dir)
    .filter((f) => /^\d+-[a-z0-9-]+\.ts$/.test(f))
    .sort();
  const classes = files.map((f) => {
    const match = /export class (\w+)/.exec(readFileSync(join(dir, f), 'utf8'));
    if (!match) throw new Error(`${f} exports no migration class`);
    return { file: f.replace(/\.ts$/, ''), name: match[1] };
  });
  writeFileSync(
    join(dir, 'index.ts'),
    classes.map((c) => `import { ${c.name} } from './${c.file}';`).join('\n') +
      `\n\n/** Every migration, oldest first. */\nexport const migrations = [${classes.map((c) => c.name).join(', ')}];\n`,
  );
}

async function main() {
  const [name, label] = process.argv.slice(2);
  const definition = subgraphDefinitions.find((d) => d.name === name);
  if (!definition || !label || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(label)) {
    console.error(
      `usage: npm run migration:generate -- <${subgraphDefinitions.map((d) => d.name).join('|')}> <kebab-name>`,
    );
    process.exit(2);
  }
  const database = await openDatabase({
    config: { kind: 'embedded', dataDir: 'memory' },
    entities: definition.entities,
    migrations: definition.migrations,
    logger: createLogger('generate-migration', 'warn'),
  });
  const { upQueries, downQueries } = await database.dataSource.driver.createSchemaBuilder().log();
  await database.close();
  if (upQueries.length === 0) {
    console.log(`${name}: entities and migrations agree; nothing to generate`);
    return;
  }
  const timestamp = Date.now();
  const className = label.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()) + timestamp;
  const render = (queries: { query: string; parameters?: unknown[] }[]) =>
    queries
      .map((q) => {
        const sql = '`' + q.query.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
        const parameters = q.parameters?.length ? `, ${JSON.stringify(q.parameters)}` : '';
        return `    await queryRunner.query(${sql}${parameters});`;
      })
      .join('\n');
  const file = join('subgraphs', name, 'src', 'migrations', `${timestamp}-${label}.ts`);
  writeFileSync(
    file,
    `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${render(upQueries)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${render([...downQueries].reverse())}
  }
}
`,
  );
  writeMigrationIndex(join('subgraphs', name, 'src', 'migrations'));
  console.log(`wrote ${file} and registered it in migrations/index.ts`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
