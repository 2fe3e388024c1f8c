/**
 * `npm run import -- <source> <file or URL> [--format <format>]`: imports a
 * file of published municipal statistics into the database of the subgraph
 * that owns them, the database the subgraph itself would use (DATABASE_URL or
 * <SUBGRAPH>_DATABASE_URL, else the embedded one under PGLITE_DATA_DIR).
 * Sources: population (municipalities), unemployment (arbetsformedlingen),
 * ohalsotal (forsakringskassan), reported-crime (police).
 *
 * Formats, told from the content unless `--format` names one
 * (scripts/import/formats/, each file describing its shape):
 * - `csv`: the layout of common/reference-data/real/ (see its README);
 * - `kolada`: Kolada API v3 `{"values": [{kpi, municipality, period, values}]}`,
 *   any source, its KPI the source's;
 * - `json-stat2`: SCB PxWeb json-stat2 of BE0101N1 (Folkmängd), population;
 * - `forsakringskassan`: Försäkringskassan's `[{dimensions, observations}]`
 *   of ohm-ohalsotal/SJPohttal, ohalsotal.
 * A file with one bad row or element is refused whole, naming the line, the
 * JSON path and the reason, and nothing is written; figures the publisher
 * withheld are stored as withheld (served `suppressed: true, value: null`);
 * importing the same file again changes nothing.
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
import { importFormats, type ImportFormat } from './import/formats';
import { importStatistics } from './import/import-statistics';

const usage =
  `usage: npm run import -- <${realStatisticKeys.join('|')}> <file or URL> [--format <${importFormats.join('|')}>]\n` +
  '  the format is told from the content when --format is not given';

/** The source, the location and the format asked for; undefined when the arguments are not of that form. */
function readArguments(args: string[]): { key: RealStatisticKey; location: string; format?: ImportFormat } | undefined {
  const positional: string[] = [];
  let format: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const option = /^--format(?:=(.*))?$/.exec(args[i]);
    if (!option) positional.push(args[i]);
    else if (format !== undefined) return undefined;
    else format = option[1] ?? args[++i] ?? '';
  }
  const [key, location, ...rest] = positional;
  if (!realStatisticKeys.includes(key as RealStatisticKey) || !location || rest.length > 0) return undefined;
  if (format !== undefined && !importFormats.includes(format as ImportFormat)) return undefined;
  return { key: key as RealStatisticKey, location, format: format as ImportFormat | undefined };
}

async function main(): Promise<number> {
  const args = readArguments(process.argv.slice(2));
  if (!args) {
    console.error(usage);
    return 2;
  }
  const { key, location, format } = args;
  const source = realStatisticSources[key];
  const definition = subgraphDefinitions.find((d) => d.name === source.subgraph);
  if (!definition) throw new Error(`The ${source.subgraph} subgraph is not in this repository`);
  const summary = await importStatistics({
    key,
    location,
    format,
    definition,
    database: readDatabaseConfig(process.env, definition.name),
    resilience: readDatabaseResilience(process.env),
    syntheticSeed: readString(process.env, 'SYNTHETIC_SEED', defaultSyntheticSeed),
    logger: createLogger('import', 'warn'),
  });
  console.log(
    `${location} (${summary.format}): ${summary.figures} figures of ${summary.origin} ` +
      `(${summary.withheld} withheld by the publisher) for ${summary.municipalities} municipalities, ` +
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
