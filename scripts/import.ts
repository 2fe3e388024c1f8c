/**
 * `npm run import -- <source> <file or URL>`: imports a file of published
 * municipal statistics into the database of the subgraph that owns them, the
 * database the subgraph itself would use (DATABASE_URL or
 * <SUBGRAPH>_DATABASE_URL, else the embedded one under PGLITE_DATA_DIR).
 * Sources: population (municipalities), unemployment (arbetsformedlingen),
 * ohalsotal (forsakringskassan), reported-crime (police); the file in the
 * layout of common/reference-data/real/ (see its README). A file with one bad
 * row is refused whole, naming the line and the reason, and nothing is
 * written; importing the same file again changes nothing.
 */
import 'reflect-metadata';
import {
  ConfigError,
  createLogger,
  defaultSyntheticSeed,
  readDatabaseConfig,
  readDatabaseResilience,
  readString,
  realStatisticKeys,
  realStatisticSources,
  ImportRefusedError,
  type RealStatisticKey,
} from '@samverkan/common';
import { subgraphDefinitions } from '../subgraphs/registry';
import { importStatistics } from './import/import-statistics';

const usage = `usage: npm run import -- <${realStatisticKeys.join('|')}> <file or URL>`;

async function main(): Promise<number> {
  const [key, location, ...rest] = process.argv.slice(2);
  if (!realStatisticKeys.includes(key as RealStatisticKey) || !location || rest.length > 0) {
    console.error(usage);
    return 2;
  }
  const source = realStatisticSources[key as RealStatisticKey];
  const definition = subgraphDefinitions.find((d) => d.name === source.subgraph);
  if (!definition) throw new Error(`The ${source.subgraph} subgraph is not in this repository`);
  const summary = await importStatistics({
    key: key as RealStatisticKey,
    location,
    definition,
    database: readDatabaseConfig(process.env, definition.name),
    resilience: readDatabaseResilience(process.env),
    syntheticSeed: readString(process.env, 'SYNTHETIC_SEED', defaultSyntheticSeed),
    logger: createLogger('import', 'warn'),
  });
  console.log(
    `${location}: ${summary.figures} figures of Kolada ${summary.kpi} for ${summary.municipalities} municipalities, ` +
      `${summary.years[0]}–${summary.years[1]}, into ${summary.subgraph}.${summary.table}: ` +
      `${summary.added} added, ${summary.replaced} replaced`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ImportRefusedError || error instanceof ConfigError) {
      console.error(`refused: ${error.message}`);
      process.exit(1);
    }
    console.error(error);
    process.exit(1);
  },
);
