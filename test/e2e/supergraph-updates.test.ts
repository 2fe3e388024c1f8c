import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { supergraphHash } from '../../schema/supergraph-history';
import { listSubgraphs } from '../../schema/subgraph-list';
import type { GatewayStatus } from '../../gateway/src/status';
import { databaseKind } from '../support/database';
import { closedPortUrl } from '../support/faults';
import { postGraphQL } from '../support/graphql';
import { startSupergraph, type RunningSupergraph } from '../support/harness';

/** The committed subgraphs plus one more, composed: what publishing a new subgraph would write. */
function supergraphWith(extra: { name: string; url: string; sdl: string }): string {
  const services = listSubgraphs().map((s) => ({
    name: s.name,
    url: s.routingUrl,
    typeDefs: parse(readFileSync(s.schemaFile, 'utf8')),
  }));
  const result = composeServices([...services, { name: extra.name, url: extra.url, typeDefs: parse(extra.sdl) }]);
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.supergraphSdl!;
}

/**
 * The gateway watches its supergraph file and serves a new version without
 * a restart, but only one that loads and whose new subgraphs answer: any
 * other is refused, logged and shown on /status, and the last good one
 * stays served.
 */
describe(`a running gateway given a new supergraph file (${databaseKind})`, () => {
  let system: RunningSupergraph;
  let file: string;
  let original: string;
  const status = async () =>
    (await (await fetch(system.gateway.url.replace(/graphql$/, 'status'))).json()) as GatewayStatus;
  const until = async (condition: () => Promise<boolean>) => {
    const deadline = Date.now() + 10_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('condition not met within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  beforeAll(async () => {
    file = join(mkdtempSync(join(tmpdir(), 'samverkan-updates-')), 'supergraph.graphql');
    original = readFileSync(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');
    writeFileSync(file, original);
    system = await startSupergraph('samverkan_e2e_updates_', {
      supergraphFile: file,
      supergraphPollIntervalMs: 50,
      statusPublic: true,
    });
  });
  afterAll(() => system?.stop());

  const stillServesTheOriginal = async () => {
    expect((await status()).supergraph.hash).toBe(supergraphHash(original));
    const { body } = await postGraphQL(
      system.gateway.url,
      '{ municipality(code: "0180") { name policeRegion { name } } }',
    );
    expect(body).toEqual({ data: { municipality: { name: 'Stockholm', policeRegion: { name: expect.any(String) } } } });
  };

  it('refuses a supergraph whose new subgraph does not answer, and keeps the last good one', async () => {
    const sdl = /* GraphQL */ `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
      type Municipality @key(fields: "code") {
        code: ID!
        schoolResults: Float
      }
    `;
    const candidate = supergraphWith({ name: 'newcomer', url: await closedPortUrl(), sdl });
    writeFileSync(file, candidate);
    await until(async () => (await status()).supergraph.refused?.hash === supergraphHash(candidate));
    expect((await status()).supergraph.refused!.reason).toMatch(
      /subgraph newcomer failed its health check: unreachable/,
    );
    await stillServesTheOriginal();
  });

  it('refuses a supergraph the gateway cannot load, and keeps the last good one', async () => {
    const sdl = /* GraphQL */ `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@authenticated"])
      type Municipality @key(fields: "code") {
        code: ID!
        schoolResults: Float @authenticated
      }
    `;
    // Routed to a stand-in that answers the probe, so only the load itself can refuse it.
    const standIn = http.createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ data: { __typename: 'Query' } }));
    });
    await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(standIn.address() as AddressInfo).port}/graphql`;
    const candidate = supergraphWith({ name: 'newcomer', url, sdl });
    writeFileSync(file, candidate);
    await until(async () => (await status()).supergraph.refused?.hash === supergraphHash(candidate));
    expect((await status()).supergraph.refused!.reason).toMatch(/authenticated/);
    await stillServesTheOriginal();
    standIn.close();
  });

  it('serves the original again when the file goes back to it', async () => {
    writeFileSync(file, original);
    await until(async () => (await status()).supergraph.refused === undefined);
    await stillServesTheOriginal();
  });
});
