/**
 * The yardstick `npm run bench` holds our gateway against: AgreementOverview,
 * the registered operation that touches all five subgraphs, answered by one
 * process with the same JSON as the gateway, from the same databases, in five
 * SQL statements a request (one a subgraph database, over `pg`), and nothing
 * else: no federation, no GraphQL execution, no identity tokens. Whatever our
 * gateway and subgraphs take beyond it is the price of what they add; the aim
 * is to stay within 5× of it.
 *
 * Not a product: it answers AgreementOverview only, to anyone. The bench
 * starts it when the databases are on a PostgreSQL server and refuses to
 * compare unless its answer equals the gateway's. To run it alone:
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REFERENCE_PORT=4200 npx tsx scripts/bench/reference-server.ts
 * then POST the operation to http://127.0.0.1:4200/graphql; `/health` shows the statements sent per database.
 */
import http from 'node:http';
import pg from 'pg';
import {
  readDatabaseConfig,
  readDatabaseResilience,
  readPort,
  readSuppressionThresholds,
  realStatisticSources,
  toStatisticValue,
  type AreaStatistic,
} from '@samverkan/common';
import { loadRegisteredOperations } from '../../schema/operations';

const databases = ['agreements', 'municipalities', 'police', 'arbetsformedlingen', 'forsakringskassan'] as const;
type Database = (typeof databases)[number];

/** Which database owns the name of each authority a partnership names, as each authority's subgraph does. */
const authorityDatabase: Record<string, Database> = {
  PoliceAuthority: 'police',
  Arbetsformedlingen: 'arbetsformedlingen',
  Forsakringskassan: 'forsakringskassan',
};

/** The statistic fields of a district as the subgraph owning each serves them: its table, unit and suppression threshold (see its loaders). */
const districtStatistics = [
  {
    field: 'unemployment',
    database: 'arbetsformedlingen',
    table: 'unemployment_statistic',
    suppression: 'unemployment',
    unit: realStatisticSources.unemployment.unit,
  },
  {
    field: 'sicknessIndex',
    database: 'forsakringskassan',
    table: 'sickness_statistic',
    suppression: 'sickness_index',
    unit: realStatisticSources.ohalsotal.unit,
  },
  {
    field: 'reportedCrimes',
    database: 'police',
    table: 'reported_crime_statistic',
    suppression: 'reported_crimes',
    unit: realStatisticSources['reported-crime'].unit,
  },
] as const;

// Dates as text: `pg` would make them JavaScript Dates, TypeORM hands the subgraphs the text.
const agreementsSql = /* SQL */ `
  SELECT a.id, a.period_start::text AS period_start, a.period_end::text AS period_end, a.focus_areas,
         a.municipality_code,
         COALESCE((SELECT json_agg(json_build_object('role', p.role, 'type', p.partner_type, 'id', p.partner_id)
                                   ORDER BY p.position)
                     FROM partnership p WHERE p.agreement_id = a.id), '[]') AS partners,
         COALESCE((SELECT json_agg(d.district_id ORDER BY d.district_id)
                     FROM agreement_district d WHERE d.agreement_id = a.id), '[]') AS district_ids
    FROM local_development_agreement a
   ORDER BY a.municipality_code, a.period_start`;

const municipalitiesSql = /* SQL */ `
  SELECT json_build_object(
    'municipalities', (SELECT json_agg(json_build_object('code', m.code, 'name', m.name,
                                                         'countyCode', c.code, 'countyName', c.name))
                         FROM municipality m LEFT JOIN county c ON c.code = m.county_code
                        WHERE m.code = ANY($1)),
    'districts', (SELECT json_agg(json_build_object('id', d.id, 'name', d.name))
                    FROM urban_district d WHERE d.id = ANY($2))) AS found`;

/** The statistics of the districts in $1 for the year $2, and the authorities named in $3. */
const statisticsAndAuthorities = (table: string) => /* SQL */ `
    'statistics', (SELECT json_agg(json_build_object('areaId', s.area_id, 'year', s.year, 'value', s.value,
                                                     'baseCount', s.base_count, 'sourceName', s.source_name,
                                                     'synthetic', s.synthetic))
                     FROM ${table} s WHERE s.area_kind = 'district' AND s.area_id = ANY($1) AND s.year = $2),
    'authorities', (SELECT json_agg(json_build_object('id', a.id, 'name', a.name)) FROM authority a
                     WHERE a.id = ANY($3))`;

const policeSql = /* SQL */ `
  SELECT json_build_object(${statisticsAndAuthorities('reported_crime_statistic')},
    'regions', (SELECT json_agg(json_build_object('municipalityCode', mr.municipality_code,
                                                  'code', r.code, 'name', r.name))
                  FROM municipality_police_region mr JOIN police_region r ON r.code = mr.region_code
                 WHERE mr.municipality_code = ANY($4)),
    'vulnerableAreas', (SELECT json_agg(json_build_object('districtId', v.district_id, 'category', v.category,
                                                          'listYear', v.list_year))
                          FROM vulnerable_area v WHERE v.district_id = ANY($1))) AS found`;

const statisticsSql = (table: string) =>
  /* SQL */ `SELECT json_build_object(${statisticsAndAuthorities(table)}) AS found`;

interface AgreementRow {
  id: string;
  period_start: string;
  period_end: string;
  focus_areas: string[];
  municipality_code: string;
  partners: { role: string; type: string; id: string }[];
  district_ids: string[];
}

interface StatisticsFound {
  statistics: AreaStatistic[] | null;
  authorities: { id: string; name: string }[] | null;
}

function createReference(env: Record<string, string | undefined>) {
  const poolSize = readDatabaseResilience(env).poolSize;
  const pools = new Map(
    databases.map((name) => {
      const config = readDatabaseConfig(env, name);
      if (config.kind !== 'server') {
        throw new Error(`reference: ${name}'s database is embedded; the reference reads PostgreSQL servers only`);
      }
      const pool = new pg.Pool({ connectionString: config.url, max: poolSize });
      pool.on('error', () => undefined); // an idle connection lost; the next query opens another
      return [name, pool];
    }),
  );
  const thresholds = readSuppressionThresholds(env);
  const statements = new Map<Database, number>(databases.map((name) => [name, 0]));

  async function query<T>(database: Database, sql: string, parameters: unknown[] = []): Promise<T[]> {
    statements.set(database, statements.get(database)! + 1);
    return (await pools.get(database)!.query(sql, parameters)).rows as T[];
  }
  const found = async <T>(database: Database, sql: string, parameters: unknown[]) =>
    (await query<{ found: T }>(database, sql, parameters))[0].found;

  async function agreementOverview(year: number) {
    const agreements = await query<AgreementRow>('agreements', agreementsSql);
    const districtIds = [...new Set(agreements.flatMap((a) => a.district_ids))];
    const municipalityCodes = [...new Set(agreements.map((a) => a.municipality_code))];
    const partnerIds = (type: string) => [
      ...new Set(agreements.flatMap((a) => a.partners.filter((p) => p.type === type).map((p) => p.id))),
    ];
    const authorityIds = (database: Database) =>
      Object.keys(authorityDatabase)
        .filter((type) => authorityDatabase[type] === database)
        .flatMap(partnerIds);
    const statisticsOf = (database: 'arbetsformedlingen' | 'forsakringskassan') =>
      found<StatisticsFound>(database, statisticsSql(districtStatistics.find((s) => s.database === database)!.table), [
        districtIds,
        year,
        authorityIds(database),
      ]);
    const [places, police, arbetsformedlingen, forsakringskassan] = await Promise.all([
      found<{
        municipalities: { code: string; name: string; countyCode: string | null; countyName: string | null }[] | null;
        districts: { id: string; name: string }[] | null;
      }>('municipalities', municipalitiesSql, [
        [...new Set([...municipalityCodes, ...partnerIds('Municipality')])],
        districtIds,
      ]),
      found<
        StatisticsFound & {
          regions: { municipalityCode: string; code: string; name: string }[] | null;
          vulnerableAreas: { districtId: string; category: string; listYear: number }[] | null;
        }
      >('police', policeSql, [districtIds, year, authorityIds('police'), municipalityCodes]),
      statisticsOf('arbetsformedlingen'),
      statisticsOf('forsakringskassan'),
    ]);
    const byDatabase = new Map<Database, StatisticsFound>([
      ['police', police],
      ['arbetsformedlingen', arbetsformedlingen],
      ['forsakringskassan', forsakringskassan],
    ]);
    const statisticRows = new Map(
      [...byDatabase].map(([database, { statistics }]) => [
        database,
        new Map((statistics ?? []).map((row) => [row.areaId, row])),
      ]),
    );
    const municipalities = new Map((places.municipalities ?? []).map((m) => [m.code, m]));
    const districtNames = new Map((places.districts ?? []).map((d) => [d.id, d.name]));
    const regions = new Map((police.regions ?? []).map((r) => [r.municipalityCode, { code: r.code, name: r.name }]));
    const vulnerability = new Map(
      (police.vulnerableAreas ?? []).map((v) => [v.districtId, { category: v.category, listYear: v.listYear }]),
    );
    const statistic = (field: (typeof districtStatistics)[number], districtId: string) => {
      const row = statisticRows.get(field.database)!.get(districtId);
      if (!row) return null;
      const { value, unit, suppressed, source } = toStatisticValue(row, field.unit, thresholds.of(field.suppression));
      // AgreementOverview asks the source's name and whether it is synthetic, nothing more.
      return { value, unit, suppressed, source: { name: source.name, synthetic: source.synthetic } };
    };
    const authorityName = (type: string, id: string) =>
      byDatabase.get(authorityDatabase[type])!.authorities?.find((a) => a.id === id)?.name;
    const partner = (p: AgreementRow['partners'][number]) => {
      if (p.type === 'Municipality') return { __typename: p.type, code: p.id, name: municipalities.get(p.id)?.name };
      if (p.type in authorityDatabase) return { __typename: p.type, id: p.id, name: authorityName(p.type, p.id) };
      // Organisations are asked for no field but their type.
      return { __typename: p.type };
    };
    return agreements.map((a) => {
      const municipality = municipalities.get(a.municipality_code);
      return {
        id: a.id,
        period: { start: a.period_start, end: a.period_end },
        focusAreas: a.focus_areas,
        municipality: municipality
          ? {
              code: municipality.code,
              name: municipality.name,
              county:
                municipality.countyCode === null
                  ? null
                  : { code: municipality.countyCode, name: municipality.countyName },
              policeRegion: regions.get(municipality.code) ?? null,
            }
          : null,
        partners: a.partners.map((p) => ({ role: p.role, partner: partner(p) })),
        districts: a.district_ids.map((id) => ({
          id,
          name: districtNames.get(id),
          vulnerability: vulnerability.get(id) ?? null,
          ...Object.fromEntries(districtStatistics.map((field) => [field.field, statistic(field, id)])),
        })),
      };
    });
  }

  return {
    agreementOverview,
    statements: () => Object.fromEntries(statements),
    close: () => Promise.all([...pools.values()].map((pool) => pool.end())),
  };
}

function send(response: http.ServerResponse, status: number, body: unknown): void {
  // The newline Apollo Server ends its answers with: the same bytes on the wire as the gateway's.
  const text = JSON.stringify(body) + '\n';
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function main(): void {
  const port = readPort(process.env, 'REFERENCE_PORT', 4200);
  const reference = createReference(process.env);
  const operation = loadRegisteredOperations().find((op) => op.name === 'AgreementOverview')!;
  const server = http.createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/health') {
      send(response, 200, { status: 'ok', service: 'reference', sqlStatements: reference.statements() });
      return;
    }
    if (request.method !== 'POST' || request.url !== '/graphql') {
      send(response, 404, { errors: [{ message: 'POST AgreementOverview to /graphql.' }] });
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let body: { query?: unknown; variables?: { year?: unknown } } | null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
      } catch {
        body = {};
      }
      if (body?.query !== operation.document) {
        send(response, 400, { errors: [{ message: 'The reference answers the registered AgreementOverview only.' }] });
        return;
      }
      const year = body?.variables?.year;
      if (!Number.isInteger(year)) {
        send(response, 400, { errors: [{ message: 'AgreementOverview needs an integer $year.' }] });
        return;
      }
      reference.agreementOverview(year as number).then(
        (agreements) => send(response, 200, { data: { agreements } }),
        (error: unknown) => send(response, 500, { errors: [{ message: String(error) }] }),
      );
    });
  });
  server.listen(port, '127.0.0.1');
  const stop = () => {
    server.close();
    server.closeAllConnections();
    void reference.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main();
