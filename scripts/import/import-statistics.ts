import { readFile } from 'node:fs/promises';
import {
  analyseTables,
  openDatabase,
  publishedStatisticRow,
  realStatisticSources,
  seedIfEmpty,
  withheldStatisticRow,
  type AnySubgraphDefinition,
  type DatabaseConfig,
  type DatabaseResilience,
  type Logger,
  type RealStatisticKey,
} from '@samverkan/common';
import { readPublishedFigures, type ImportFormat } from './formats';

export interface ImportRequest {
  key: RealStatisticKey;
  /** A file path, or an http(s) URL to download the file from. */
  location: string;
  /** The file's format; undefined: told from its content (`detectFormat`). */
  format?: ImportFormat;
  /** The owning subgraph, as `subgraphs/registry.ts` defines it. */
  definition: AnySubgraphDefinition;
  database: DatabaseConfig;
  resilience?: DatabaseResilience;
  syntheticSeed: string;
  logger: Logger;
}

export interface ImportSummary {
  subgraph: string;
  table: string;
  kpi: string;
  format: ImportFormat;
  /** The publisher's table or indicator the figures come from: `Kolada N03920`, `SCB BE0101N1`. */
  origin: string;
  figures: number;
  /** Figures the publisher withheld, stored as such (served `suppressed: true, value: null`). */
  withheld: number;
  added: number;
  replaced: number;
  municipalities: number;
  years: [number, number];
}

async function readLocation(location: string): Promise<string> {
  if (!/^https?:\/\//.test(location)) return readFile(location, 'utf8');
  const response = await fetch(location, { signal: AbortSignal.timeout(60_000) });
  if (!response.ok) throw new Error(`${location} answered HTTP ${response.status}`);
  return response.text();
}

/** Rows per statement: far below PostgreSQL's 65,535 parameters at 12 columns a row. */
const chunkSize = 1_000;

/**
 * Imports a file of published figures into the table of the subgraph that
 * owns them: the whole file is checked before anything is written
 * (`readPublishedFigures` refuses it at its first bad element), then every
 * figure is written in one transaction, replacing the figure of the same
 * municipality and year, so importing a file twice changes nothing the
 * second time. A database that was never started is migrated and seeded
 * first, so the published figures land on top of the seed, not instead of it.
 */
export async function importStatistics(request: ImportRequest): Promise<ImportSummary> {
  const source = realStatisticSources[request.key];
  if (request.definition.name !== source.subgraph) {
    throw new Error(`${request.key} belongs to the ${source.subgraph} subgraph, not ${request.definition.name}`);
  }
  const { figures, format, origin, provenance } = readPublishedFigures(
    await readLocation(request.location),
    source,
    request.location,
    request.format,
  );
  const database = await openDatabase({
    config: request.database,
    entities: request.definition.entities,
    migrations: request.definition.migrations,
    logger: request.logger,
    resilience: request.resilience,
  });
  try {
    const { dataSource } = database;
    const seeded = await seedIfEmpty(
      request.definition,
      dataSource,
      { syntheticSeed: request.syntheticSeed },
      request.logger,
    );
    const metadata = dataSource.entityMetadatas.find((m) => m.tableName === source.table);
    if (!metadata) throw new Error(`The ${source.subgraph} subgraph has no table ${source.table}`);
    const rows = figures.map((figure) => ({
      ...(figure.withheld ? withheldStatisticRow(source, figure) : publishedStatisticRow(source, figure)),
      ...provenance,
    }));
    const replaced = await dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL statement_timeout = 0');
      const [{ count }] = (await manager.query(
        `SELECT count(*)::int AS count FROM ${metadata.tableName} t
         JOIN unnest($1::text[], $2::int[]) AS k(id, year) ON t.area_kind = 'municipality' AND t.area_id = k.id AND t.year = k.year`,
        [figures.map((f) => f.municipalityCode), figures.map((f) => f.year)],
      )) as { count: number }[];
      for (let i = 0; i < rows.length; i += chunkSize) {
        await manager.upsert(metadata.target, rows.slice(i, i + chunkSize), ['areaKind', 'areaId', 'year']);
      }
      return count;
    });
    await analyseTables(dataSource, request.logger, seeded ? 'all' : [metadata.tableName]);
    const years = figures.map((f) => f.year);
    return {
      subgraph: source.subgraph,
      table: source.table,
      kpi: source.kpi,
      format,
      origin,
      figures: figures.length,
      withheld: figures.filter((figure) => figure.withheld).length,
      added: figures.length - replaced,
      replaced,
      municipalities: new Set(figures.map((f) => f.municipalityCode)).size,
      years: [Math.min(...years), Math.max(...years)],
    };
  } finally {
    await database.close();
  }
}
