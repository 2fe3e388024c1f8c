import { createHash } from 'node:crypto';
import { QueryFailedError, type DataSource, type EntityMetadata, type EntityTarget, type ObjectLiteral } from 'typeorm';

/**
 * A read sent as a named prepared statement. The per-request lookups run
 * the same few texts thousands of times a minute: named, PostgreSQL parses
 * and plans each once per connection and afterwards only binds values, and
 * no query builder or entity hydration runs on the way there and back. Many
 * keys travel as one array parameter (`= ANY($1)`), so the text does not
 * change with their number and one batch stays one statement.
 */
export interface PreparedRead {
  /** Derived from the text: a name a connection has prepared always stands for this text. */
  readonly name: string;
  readonly text: string;
}

export function preparedRead(text: string): PreparedRead {
  return { name: `samverkan_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`, text };
}

/** What `runPreparedRead` needs of the pool behind TypeORM: `pg`'s, or the embedded database's (pglite-pool.ts). */
interface PoolClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
  release(error?: Error): void;
}

/**
 * Runs `read` on a connection of the data source's pool, as TypeORM's own
 * queries run: the statement goes through the data source's logger (so the
 * statement counter sees it), a failed statement is thrown as TypeORM's
 * `QueryFailedError` around the driver's error (so the database error codes
 * and the read retry treat it alike), and the connection goes back to the
 * pool, dropped if it broke.
 */
export async function runPreparedRead<Row>(
  dataSource: DataSource,
  read: PreparedRead,
  values: unknown[],
): Promise<Row[]> {
  const pool = (dataSource.driver as unknown as { master?: { connect(): Promise<PoolClient> } }).master;
  if (!pool) throw new Error('The data source is not initialised.');
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  try {
    dataSource.logger.logQuery(read.text, values);
    const { rows } = await client.query({ name: read.name, text: read.text, values });
    return rows as Row[];
  } catch (error) {
    dataSource.logger.logQueryError(error as Error, read.text, values);
    throw new QueryFailedError(read.text, values, error as Error);
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** Column types whose values `pg` (and PGlite) return as TypeORM would hydrate them. */
const typesAsReturned = new Set([
  'varchar',
  'character varying',
  'text',
  'integer',
  'int',
  'boolean',
  'double precision',
]);

type ColumnMetadata = EntityMetadata['columns'][number];

function selectExpression(metadata: EntityMetadata, column: ColumnMetadata, alias: string): string {
  const type = String(column.type);
  const source = `${alias}.${quote(column.databaseName)}`;
  const named = `${metadata.name}.${column.propertyName}`;
  if (column.embeddedMetadata || column.isVirtual || column.transformer) {
    throw new Error(`${named}: prepared reads know no embedded, virtual or transformed columns; read it with TypeORM.`);
  }
  if (typesAsReturned.has(type)) return `${source} AS ${quote(column.propertyName)}`;
  // TypeORM turns the Date `pg` makes of a date back into 'YYYY-MM-DD'; PostgreSQL can send that text directly.
  if (type === 'date' && !column.isArray) return `to_char(${source}, 'YYYY-MM-DD') AS ${quote(column.propertyName)}`;
  throw new Error(`${named}: prepared reads have no mapping for a column of type ${type}; add one or use TypeORM.`);
}

function selectList(metadata: EntityMetadata, alias: string): string {
  return metadata.columns.map((column) => selectExpression(metadata, column, alias)).join(', ');
}

/**
 * The select list of every column of an entity, under its property name and
 * with the value TypeORM would hydrate, so a prepared read's rows have the
 * entity's fields.
 */
export function entityColumns<T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  alias: string,
): string {
  return selectList(dataSource.getMetadata(entity), alias);
}

/** Statements built from an entity's metadata, built once per data source and reused by every request. */
const builtStatements = new WeakMap<EntityMetadata, Map<string, PreparedRead>>();

/**
 * A prepared read of one entity's table, built by `build` from the table's
 * quoted name and the select list of its columns (table alias `t`) the first
 * time `key` is asked for, then reused: `key` must name one text per entity.
 */
export function entityStatement<T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  key: string,
  build: (table: { name: string; columns: string; column(property: keyof T & string): string }) => string,
): PreparedRead {
  const metadata = dataSource.getMetadata(entity);
  let statements = builtStatements.get(metadata);
  if (!statements) builtStatements.set(metadata, (statements = new Map()));
  let statement = statements.get(key);
  if (!statement) {
    const name = metadata.schema ? `${quote(metadata.schema)}.${quote(metadata.tableName)}` : quote(metadata.tableName);
    const columns = selectList(metadata, 't');
    const column = (property: string) => {
      const found = metadata.findColumnWithPropertyName(property);
      if (!found) throw new Error(`${metadata.name} has no column ${property}.`);
      return `t.${quote(found.databaseName)}`;
    };
    statements.set(key, (statement = preparedRead(build({ name, columns, column }))));
  }
  return statement;
}

/**
 * The rows of an entity whose `property` is one of `keys`, in one prepared
 * statement, as TypeORM's `find({ where: { [property]: In(keys) }, order })`
 * returns them: the entity's fields, in ascending `orderBy` order if given.
 */
export async function findWhereIn<T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  property: keyof T & string,
  keys: readonly unknown[],
  orderBy: readonly (keyof T & string)[] = [],
): Promise<T[]> {
  const statement = entityStatement(dataSource, entity, `${property} in, by ${orderBy.join(' ')}`, (table) => {
    const order = orderBy.length > 0 ? ` ORDER BY ${orderBy.map(table.column).join(', ')}` : '';
    return `SELECT ${table.columns} FROM ${table.name} t WHERE ${table.column(property)} = ANY($1)${order}`;
  });
  return runPreparedRead<T>(dataSource, statement, [keys]);
}

/**
 * A read across tables whose text needs entity metadata (`entityColumns`),
 * built once per data source and named like any other prepared read.
 */
export function preparedReadOf(build: (dataSource: DataSource) => string): (dataSource: DataSource) => PreparedRead {
  const built = new WeakMap<DataSource, PreparedRead>();
  return (dataSource) => {
    let statement = built.get(dataSource);
    if (!statement) built.set(dataSource, (statement = preparedRead(build(dataSource))));
    return statement;
  };
}
