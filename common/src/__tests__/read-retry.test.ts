import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql, parse } from 'graphql';
import { createLogger } from '../logger';
import { retryReadsOnConnectionLoss } from '../read-retry';

/** An error as TypeORM wraps one from `pg` when the server ends the connection. */
const terminated = () =>
  Object.assign(new Error('Query failed'), {
    driverError: { code: '57P01', message: 'terminating connection due to administrator command' },
  });

describe('reads retried once after a lost database connection', () => {
  let calls: Record<string, number>;
  let failFirst: Record<string, () => Error>;

  const schema = buildSubgraphSchema({
    typeDefs: parse(/* GraphQL */ `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
      type Query {
        region: Region
      }
      type Mutation {
        renameRegion: Region
      }
      type Region @key(fields: "code") {
        code: ID!
        name: String
      }
    `),
    resolvers: {
      Query: { region: () => attempt('region', { code: '5300' }) },
      Mutation: { renameRegion: () => attempt('renameRegion', { code: '5300' }) },
      Region: {
        __resolveReference: (reference: { code: string }) => attempt('reference', reference),
        name: () => attempt('name', 'Stockholm'),
      },
    } as never,
  });
  retryReadsOnConnectionLoss(schema, createLogger('test', 'silent'));

  async function attempt<T>(name: string, value: T): Promise<T> {
    calls[name] = (calls[name] ?? 0) + 1;
    const error = failFirst[name];
    if (error && calls[name] === 1) throw error();
    return value;
  }

  beforeEach(() => {
    calls = {};
    failFirst = {};
  });

  it('answers a query whose read lost its connection once, by reading again', async () => {
    failFirst = { region: terminated, name: terminated };
    const result = await graphql({ schema, source: '{ region { code name } }' });
    expect(result).toEqual({ data: { region: { code: '5300', name: 'Stockholm' } } });
    expect(calls).toEqual({ region: 2, name: 2 });
  });

  it('retries entity references too', async () => {
    failFirst = { reference: terminated };
    const result = await graphql({
      schema,
      source: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Region { code } } }',
      variableValues: { r: [{ __typename: 'Region', code: '5300' }] },
    });
    expect(result.errors).toBeUndefined();
    expect(calls.reference).toBe(2);
  });

  it('never retries a mutation, which may have been applied before the connection went', async () => {
    failFirst = { renameRegion: terminated };
    const result = await graphql({ schema, source: 'mutation { renameRegion { code } }' });
    expect(result.errors?.[0].message).toBe('Query failed');
    expect(calls.renameRegion).toBe(1);
  });

  it('does not retry other failures', async () => {
    failFirst = { region: () => Object.assign(new Error('syntax error'), { driverError: { code: '42601' } }) };
    const result = await graphql({ schema, source: '{ region { code } }' });
    expect(result.errors?.[0].message).toBe('syntax error');
    expect(calls.region).toBe(1);
  });
});
