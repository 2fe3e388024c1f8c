import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import {
  getIntrospectionQuery,
  Kind,
  parse,
  print,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';
import { defaultHttpServerLimits, type HttpServerLimits } from '@samverkan/common';
import { loadRegisteredOperations } from '../../schema/operations';
import { listSizesFromSupergraph } from '../../schema/list-sizes';
import { defaultSupergraphFile } from '../../gateway/src/config';
import { operationCost } from '../../gateway/src/cost';
import type { RunningGateway } from '../../gateway/src/server';
import { databaseKind } from '../support/database';
import { startFaultProxy } from '../support/faults';
import { postGraphQL } from '../support/graphql';
import { callerToken } from '../support/identity';
import { startSupergraph, type RunningSupergraph } from '../support/harness';

const overview = loadRegisteredOperations().find((op) => op.name === 'AgreementOverview')!;
const profile = loadRegisteredOperations().find((op) => op.name === 'MunicipalityProfile')!;

/** Opens a raw TCP connection to a gateway, for clients no HTTP library would imitate. */
async function rawConnection(url: string) {
  const { port } = new URL(url);
  const socket = net.connect(Number(port), '127.0.0.1');
  await once(socket, 'connect');
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString()));
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => {
    const opened = performance.now();
    socket.once('close', () => resolve(performance.now() - opened));
  });
  return { socket, closed, received: () => received };
}

/** The standard introspection query with the type reference nested nine deep, as GraphiQL sends it. */
function graphiqlIntrospectionQuery(): string {
  const query = getIntrospectionQuery({
    descriptions: true,
    specifiedByUrl: true,
    directiveIsRepeatable: true,
    schemaDescription: true,
    inputValueDeprecation: true,
  });
  let typeRef = 'kind name';
  for (let level = 0; level < 9; level += 1) typeRef = `kind name ofType { ${typeRef} }`;
  return query.replace(/fragment TypeRef on __Type \{[\s\S]*$/, `fragment TypeRef on __Type { ${typeRef} }`);
}

describe(`the gateway against slow, greedy and careless clients (${databaseKind})`, () => {
  let system: RunningSupergraph;

  beforeAll(async () => {
    system = await startSupergraph('samverkan_clients_');
  }, 180_000);
  afterAll(() => system?.stop());

  const withHttp = (http: Partial<HttpServerLimits>) =>
    system.startGateway({ http: { ...defaultHttpServerLimits, ...http }, healthPollIntervalMs: 0 });

  describe('slow clients and open connections', () => {
    let gateway: RunningGateway;
    beforeAll(async () => {
      gateway = await withHttp({ headersTimeoutMs: 1_000, requestTimeoutMs: 1_500, maxConnections: 5 });
    });

    it('cuts off a body trickled byte by byte once the request timeout passes', async () => {
      const { socket, closed, received } = await rawConnection(gateway.url);
      const body = JSON.stringify({ query: '{ agreements { id } }' });
      socket.write(
        `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      let sent = 0;
      const trickle = setInterval(() => {
        if (sent < body.length && !socket.destroyed) socket.write(body[sent++]);
      }, 100);
      const ms = await closed;
      clearInterval(trickle);
      console.log(`trickled body: cut off after ${Math.round(ms)} ms, ${sent} of ${body.length} bytes sent`);
      expect(received()).toMatch(/^HTTP\/1\.1 408/);
      expect(ms).toBeGreaterThanOrEqual(1_400);
      expect(ms).toBeLessThan(2_600);
    });

    it('cuts off headers trickled line by line once the header timeout passes', async () => {
      const { socket, closed } = await rawConnection(gateway.url);
      socket.write('POST /graphql HTTP/1.1\r\n');
      const trickle = setInterval(() => !socket.destroyed && socket.write(`X-Padding-${Date.now()}: 1\r\n`), 100);
      const ms = await closed;
      clearInterval(trickle);
      expect(ms).toBeLessThan(2_100);
    });

    it('closes connections beyond the bound as they arrive, and accepts again once some close', async () => {
      const held = await Promise.all(Array.from({ length: 5 }, () => rawConnection(gateway.url)));
      const extra = await rawConnection(gateway.url);
      expect(
        await Promise.race([extra.closed, new Promise((resolve) => setTimeout(() => resolve('open'), 500))]),
      ).not.toBe('open');
      for (const connection of held) connection.socket.destroy();
      await Promise.all(held.map((connection) => connection.closed));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const { status, body } = await postGraphQL(gateway.url, '{ agreements { id } }');
      expect(status).toBe(200);
      // The 21 agreements of 2008–2010 and their 9 URBAN 15 renewals.
      expect(body.data!.agreements).toHaveLength(30);
    });
  });

  describe('client mistakes', () => {
    const mistakes: [string, Record<string, unknown>, string][] = [
      [
        'an unknown operationName',
        { query: 'query A { agreements { id } }', operationName: 'B' },
        'OPERATION_RESOLUTION_FAILURE',
      ],
      [
        'two named operations and no operationName',
        { query: 'query A { agreements { id } } query B { viewer { anonymous } }' },
        'OPERATION_RESOLUTION_FAILURE',
      ],
      [
        'several anonymous operations',
        { query: '{ agreements { id } } { viewer { anonymous } }' },
        'GRAPHQL_VALIDATION_FAILED',
      ],
      ['a mutation the schema lacks', { query: 'mutation { registerAgreement { id } }' }, 'GRAPHQL_VALIDATION_FAILED'],
      [
        'a subscription the schema lacks',
        { query: 'subscription { agreementChanged { id } }' },
        'GRAPHQL_VALIDATION_FAILED',
      ],
    ];

    it.each(mistakes)(
      'answers %s with 400 and a code, in development and in production',
      async (_name, payload, code) => {
        const production = await system.startGateway({
          production: true,
          trustedDocumentsOnly: false,
          healthPollIntervalMs: 0,
        });
        for (const url of [system.gateway.url, production.url]) {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(payload),
          });
          const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
          expect(response.status).toBe(400);
          expect(body.errors[0].extensions.code).toBe(code);
          expect(body.errors[0].message).not.toBe('Internal server error');
        }
        await production.stop();
      },
    );
  });

  describe('introspection within the limits', () => {
    const post = (query: string) => postGraphQL(system.gateway.url, query);

    it('answers the playground’s own introspection query', async () => {
      const { status, body } = await post(graphiqlIntrospectionQuery());
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect((body.data as any).__schema.types.length).toBeGreaterThan(40);
    });

    it('counts introspection in the cost: copies of the whole schema under aliases are refused', async () => {
      // The full introspection is estimated at about what it answers (some 3,500 values): a handful of copies fit
      // in the default 25,000, one more does not. How many is worked out from the estimate of the schema served.
      const document = parse(graphiqlIntrospectionQuery());
      const operation = document.definitions.find(
        (d) => d.kind === Kind.OPERATION_DEFINITION,
      ) as OperationDefinitionNode;
      const schemaField = operation.selectionSet.selections[0] as FieldNode;
      const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => print(d));
      const copies = (n: number) =>
        `{ ${Array.from({ length: n }, (_, i) => `s${i}: __schema { ...Whole }`).join(' ')} } ` +
        `fragment Whole on __Schema ${print(schemaField.selectionSet!)} ${fragments.join(' ')}`;
      const supergraphSdl = readFileSync(defaultSupergraphFile, 'utf8');
      const api = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
      const estimate = (n: number) => {
        const copiesDocument = parse(copies(n));
        const definitions = copiesDocument.definitions;
        return operationCost(
          {
            getSchema: () => api,
            getFragment: (name) =>
              definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name) as
                FragmentDefinitionNode | undefined,
          },
          definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode,
          {
            assumedListSize: system.gatewayConfig.limits.assumedListSize,
            listSizes: () => listSizesFromSupergraph(supergraphSdl),
            ceiling: Infinity,
          },
        );
      };
      const maxCost = system.gatewayConfig.limits.maxCost;
      let fit = 1;
      while (estimate(fit + 1) <= maxCost) fit += 1;
      // A few copies, not dozens: introspection is not costed as if it were nearly free.
      expect(fit).toBeGreaterThanOrEqual(3);
      expect(fit).toBeLessThanOrEqual(10);
      const tooMany = await post(copies(fit + 1));
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.errors![0].message).toMatch(/too expensive/);
      const fitting = await post(copies(fit));
      expect(fitting.status).toBe(200);
      expect(fitting.body.errors).toBeUndefined();
    });

    it('counts introspection in the depth: types nested in fields nested in types are refused', async () => {
      let selection = 'name';
      for (let level = 0; level < 9; level += 1) selection = `fields { type { ${selection} } }`;
      const { status, body } = await post(`{ __schema { types { ${selection} } } }`);
      expect(status).toBe(400);
      expect(body.errors![0].message).toMatch(/introspection query is nested deeper than 20/);
    });
  });

  describe('a cost-weighted rate limit', () => {
    it('refuses a caller whose expensive queries use up their budget, and not the caller next to them', async () => {
      const gateway = await system.startGateway({
        rateLimit: { requests: 600, requestsPerAddress: 3_000, windowSeconds: 60, cost: 30_000 },
        healthPollIntervalMs: 0,
      });
      const heavy = { authorization: `Bearer ${await callerToken({ org: '0180', roles: ['partner'], sub: 'heavy' })}` };
      const light = { authorization: `Bearer ${await callerToken({ org: '1280', roles: ['partner'], sub: 'light' })}` };
      // AgreementOverview is estimated at 10,950: two fit in 30,000, the third does not.
      for (let i = 0; i < 2; i += 1) {
        expect((await postGraphQL(gateway.url, overview.document, overview.variables, heavy)).status).toBe(200);
      }
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...heavy },
        body: JSON.stringify({ query: overview.document, variables: overview.variables }),
      });
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await response.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
      const other = await postGraphQL(gateway.url, profile.document, profile.variables, light);
      expect(other.status).toBe(200);
      expect(other.body.errors).toBeUndefined();
    });
  });

  it('audits a verified caller refused by the per-caller limit as who they are, not as unverified', async () => {
    const gateway = await system.startGateway({
      rateLimit: { requests: 2, requestsPerAddress: 3_000, windowSeconds: 60, cost: 1_000_000 },
      healthPollIntervalMs: 0,
    });
    const busy = {
      authorization: `Bearer ${await callerToken({ org: '0180', roles: ['partner'], sub: 'busy-officer' })}`,
    };
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1)
      statuses.push((await postGraphQL(gateway.url, '{ viewer { anonymous } }', {}, busy)).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect(gateway.audit.recent().at(-1)).toMatchObject({
      who: 'busy-officer',
      organisation: '0180',
      roles: ['partner'],
      outcome: 'refused',
      reason: 'RATE_LIMITED',
    });
  });

  describe('stopping', () => {
    it('answers in-flight requests with Connection: close once stopping, so clients do not reuse the socket', async () => {
      const proxy = await startFaultProxy(system.subgraphUrls.police);
      proxy.mode = { kind: 'delay', ms: 400 };
      const gateway = await system.startGateway({
        subgraphUrls: { ...system.subgraphUrls, police: proxy.url },
        healthPollIntervalMs: 0,
      });
      const agent = new http.Agent({ keepAlive: true });
      const answer = new Promise<http.IncomingMessage>((resolve, reject) => {
        const request = http.request(
          gateway.url,
          { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
          resolve,
        );
        request.on('error', reject);
        request.end(JSON.stringify({ query: profile.document, variables: profile.variables }));
      });
      await new Promise((resolve) => setTimeout(resolve, 150));
      const stopped = gateway.stop();
      const response = await answer;
      response.resume();
      expect(response.statusCode).toBe(200);
      expect(response.headers.connection).toBe('close');
      await stopped;
      agent.destroy();
      await proxy.close();
    });
  });
});
