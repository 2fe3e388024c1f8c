import type { DataSource } from 'typeorm';
import { postGraphQL, type GraphQLResponse } from './graphql';
import { callerToken, type TokenOptions } from './identity';
import { startSupergraph, type RunningSupergraph } from './harness';

/** The callers the write rules tell apart. */
export const writeCallers = {
  anonymous: undefined,
  'partner of the agreement': { org: '0180', roles: ['partner'], sub: 'stockholm-officer' },
  'partner of another agreement': { org: '1280', roles: ['partner'], sub: 'malmo-officer' },
  'police partner': { org: 'polisen', roles: ['partner'], sub: 'kommunpolis' },
  coordinator: { org: 'storstadsdelegationen', roles: ['coordinator'], sub: 'national-coordinator' },
  administrator: { org: 'samverkan', roles: ['admin'], sub: 'platform-admin' },
} satisfies Record<string, TokenOptions | undefined>;

export type WriteCaller = keyof typeof writeCallers;

/** Every table of the agreements subgraph: what "nothing written" is checked against. */
const agreementTables = [
  'local_development_agreement',
  'agreement_district',
  'agreement_renewal',
  'partnership',
  'organisation',
  'government_decision',
  'commitment',
  'commitment_district',
  'co_financing_share',
  'obstacle',
  'obstacle_party',
  'resolution',
  'resolution_share',
  'change_record',
  'idempotency_key',
];

export interface RefusedWrite {
  code: unknown;
  field: unknown;
  message: string;
  extensions: Record<string, unknown>;
}

export interface WriteHarness {
  system: RunningSupergraph;
  /** The agreements subgraph's database, read directly to count what a write left. */
  database: DataSource;
  /** Runs an operation through the gateway as one of the callers; the HTTP status must be 200. */
  as<T = Record<string, any>>(
    caller: WriteCaller,
    document: string,
    variables: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>>;
  /** Rows per table and the sum of every version: equal before and after a write that changed nothing. */
  rowCounts(): Promise<Record<string, number>>;
  /** Runs a write that must be refused with one error, and checks that it wrote nothing. */
  refused(caller: WriteCaller, document: string, variables: Record<string, unknown>): Promise<RefusedWrite>;
  stop(): Promise<void>;
}

/** The five subgraphs and the gateway, with a token for each caller, for tests of writes. */
export async function startWriteHarness(databasePrefix: string): Promise<WriteHarness> {
  const system = await startSupergraph(databasePrefix);
  const database = system.subgraphs.agreements.database.dataSource;
  const tokens = new Map<WriteCaller, string>();
  for (const [name, options] of Object.entries(writeCallers)) {
    if (options) tokens.set(name as WriteCaller, await callerToken(options));
  }

  const as = async <T = Record<string, any>>(
    caller: WriteCaller,
    document: string,
    variables: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>> => {
    const token = tokens.get(caller);
    const { status, body } = await postGraphQL<T>(
      system.gateway.url,
      document,
      variables,
      token ? { authorization: `Bearer ${token}` } : {},
    );
    expect(status).toBe(200);
    return body;
  };

  const rowCounts = async () => {
    const counts: Record<string, number> = {};
    for (const table of agreementTables) {
      const [{ n }] = (await database.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[];
      counts[table] = n;
    }
    const [{ versions }] = (await database.query(
      'SELECT (SELECT coalesce(sum(version), 0) FROM local_development_agreement) + ' +
        '(SELECT coalesce(sum(version), 0) FROM commitment) + (SELECT coalesce(sum(version), 0) FROM obstacle) AS versions',
    )) as { versions: number | string }[];
    return { ...counts, versions: Number(versions) };
  };

  const refused: WriteHarness['refused'] = async (caller, document, variables) => {
    const before = await rowCounts();
    const body = await as(caller, document, variables);
    expect(body.errors).toHaveLength(1);
    expect(Object.values(body.data ?? {})).toEqual([null]);
    expect(await rowCounts()).toEqual(before);
    const [error] = body.errors!;
    return {
      code: error.extensions?.code,
      field: error.extensions?.field,
      message: error.message,
      extensions: error.extensions ?? {},
    };
  };

  return { system, database, as, rowCounts, refused, stop: () => system.stop() };
}
