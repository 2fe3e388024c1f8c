import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { supergraphHash } from '../../schema/supergraph-history';
import { loadRegisteredOperations } from '../../schema/operations';
import type { GatewayStatus } from '../../gateway/src/status';
import { databaseKind, freshTestDatabase } from '../support/database';
import { postGraphQL } from '../support/graphql';
import { startSupergraph, type RunningSupergraph } from '../support/harness';
import { testKeys } from '../support/identity';
import { startService, type StartedService } from '../support/process';
import { scratchRepository, type ScratchRepository } from '../support/scratch-repository';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** What a dashboard asks once Skolverket has joined: its figures joined with municipalities' and police's fields. */
const joinedQuery = /* GraphQL */ `
  query SchoolResults {
    municipality(code: "0180") {
      name
      policeRegion {
        name
      }
      skolverketFigure(year: 2009) {
        value
        unit
        source {
          name
          synthetic
        }
      }
      districts {
        id
        name
        skolverketFigure(year: 2009) {
          value
        }
      }
    }
    skolverketIndicators {
      id
      name
      focusArea
    }
  }
`;

/**
 * An authority's whole path into the supergraph, run as its developer would
 * in a checkout of their own (a scratch copy): scaffold a subgraph, run its
 * tests, check it, start it, publish it while the gateway serves a steady
 * load, query it joined with the rest, then lose it.
 */
describe(`an authority contributes a subgraph to a running gateway (${databaseKind})`, () => {
  let repository: ScratchRepository;
  let system: RunningSupergraph;
  let skolverket: StartedService | undefined;
  const timings: Record<string, number> = {};
  let started = 0;
  const lap = (step: string) => (timings[step] = Date.now() - started);

  beforeAll(async () => {
    repository = scratchRepository('samverkan-contribute-');
    system = await startSupergraph('samverkan_e2e_contrib_', {
      supergraphFile: join(repository.root, 'schema', 'supergraph.graphql'),
      supergraphPollIntervalMs: 100,
      statusPublic: true,
      trustedDocumentsOnly: false,
      // The steady load below must reach the subgraphs through the switch, and as fast as they answer.
      responseCache: { enabled: false, maxEntries: 1, maxEntryBytes: 1_000 },
      rateLimit: { requests: 1_000_000, requestsPerAddress: 1_000_000, windowSeconds: 60, cost: 0 },
    });
  });
  afterAll(async () => {
    skolverket?.child.kill('SIGKILL');
    await system?.stop();
    repository?.remove();
    // The figures the closing note quotes: this machine's time from scaffold to served.
    console.log(`contributed subgraph, ms since scaffold started: ${JSON.stringify(timings)}`);
  });

  it('scaffolds, checks, starts and publishes Skolverket with no failed request, then serves its fields joined', async () => {
    started = Date.now();
    // On a port free on this machine, which the scaffold makes the subgraph's default and its routing URL's.
    const port = await freePort();
    const scaffold = await repository.run('scripts/subgraph/new.ts', ['skolverket', '--port', String(port)]);
    expect(scaffold).toMatchObject({ code: 0, stdout: expect.stringContaining('Created subgraphs/skolverket/') });
    // A clean `npm ci` of the contributor's checkout needs the new workspace in the lock file.
    expect(JSON.parse(readFileSync(join(repository.root, 'package-lock.json'), 'utf8')).packages).toHaveProperty(
      ['subgraphs/skolverket', 'name'],
      '@samverkan/subgraph-skolverket',
    );
    lap('scaffolded');

    const check = await repository.run('scripts/subgraph/check.ts', ['--name', 'skolverket', '--json']);
    expect(check.code).toBe(0);
    const report = JSON.parse(check.stdout);
    expect(report).toMatchObject({ ok: true, newSubgraph: true, brokenOperations: [], unsupportedFeatures: [] });
    expect(report.changes.map((c: { path?: string }) => c.path)).toEqual(
      expect.arrayContaining(['Municipality.skolverketFigure', 'UrbanDistrict.skolverketFigure']),
    );
    lap('checked');

    const database = await freshTestDatabase('skolverket', 'samverkan_e2e_contrib_');
    const keyFile = join(mkdtempSync(join(tmpdir(), 'samverkan-contribute-keys-')), 'gateway.public.jwk.json');
    writeFileSync(keyFile, JSON.stringify(testKeys.gateway.publicKey));
    skolverket = await startService(
      'subgraphs/skolverket/src/index.ts',
      {
        GATEWAY_PUBLIC_KEY_FILE: keyFile,
        // Started in production mode, where synthetic figures are served only when switched on with a secret seed.
        SYNTHETIC_FIGURES: 'on',
        SYNTHETIC_SEED: 'contributed-subgraph-test-seed',
        ...(database.kind === 'server'
          ? { SKOLVERKET_DATABASE_URL: database.url }
          : { PGLITE_DATA_DIR: join(repository.root, '.data', 'pglite') }),
      },
      repository.root,
    );
    lap('started');

    // A steady load of a dashboard operation through the switch: four clients, back to back.
    const profile = loadRegisteredOperations().find((op) => op.name === 'MunicipalityProfile')!;
    const failures: string[] = [];
    let completed = 0;
    let loading = true;
    const client = async () => {
      while (loading) {
        const { status, body } = await postGraphQL(system.gateway.url, profile.document, profile.variables);
        completed += 1;
        if (status !== 200 || body.errors || !body.data?.municipality) {
          failures.push(`${status} ${JSON.stringify(body.errors ?? body.data).slice(0, 300)}`);
        }
      }
    };
    const clients = Array.from({ length: 4 }, client);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const beforePublish = completed;

    expect(skolverket.url).toBe(`http://127.0.0.1:${port}/graphql`);
    const publish = await repository.run('scripts/subgraph/publish.ts', ['--name', 'skolverket']);
    expect(publish).toMatchObject({ code: 0, stdout: expect.stringContaining('Published skolverket (added)') });
    const published = readFileSync(join(repository.root, 'schema', 'supergraph.graphql'), 'utf8');

    // Served within a bounded time, with no restart.
    const deadline = Date.now() + 15_000;
    let answer = await postGraphQL(system.gateway.url, joinedQuery);
    while (answer.body.errors?.some((e) => /Cannot query field/.test(e.message))) {
      if (Date.now() > deadline) throw new Error(`not served within 15 s: ${JSON.stringify(answer.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      answer = await postGraphQL(system.gateway.url, joinedQuery);
    }
    lap('served');
    await new Promise((resolve) => setTimeout(resolve, 500));
    loading = false;
    await Promise.all(clients);

    expect(failures).toEqual([]);
    expect(completed - beforePublish).toBeGreaterThan(10);
    expect(answer.body.errors).toBeUndefined();
    const municipality = answer.body.data!.municipality;
    expect(municipality.name).toBe('Stockholm');
    expect(municipality.policeRegion.name).toEqual(expect.any(String));
    expect(municipality.skolverketFigure).toMatchObject({ unit: 'percent', source: { synthetic: true } });
    expect(municipality.skolverketFigure.value).toBeGreaterThan(0);
    expect(municipality.districts.length).toBeGreaterThan(0);
    for (const district of municipality.districts) expect(district.skolverketFigure.value).toBeGreaterThan(0);
    expect(answer.body.data!.skolverketIndicators).toEqual([
      { id: 'skolverket-example', name: expect.any(String), focusArea: 'EDUCATION' },
    ]);

    const status = (await (await fetch(system.gateway.url.replace(/graphql$/, 'status'))).json()) as GatewayStatus;
    expect(status.supergraph.hash).toBe(supergraphHash(published));
    expect(status.supergraph.history[0]).toMatchObject({
      hash: supergraphHash(published),
      subgraph: 'skolverket',
      change: 'added',
    });
    expect(status.subgraphs.map((s) => s.name)).toContain('skolverket');
  });

  // Four processes, a Jest run and a type check of the whole repository among them: on two busy cores, and on PGlite,
  // that outlasts the 60 s every other test gets.
  it('passes its own tests, lint and type check in the contributor’s checkout', async () => {
    const jest = await repository.run(
      'node_modules/jest/bin/jest.js',
      ['subgraphs/skolverket', 'test/docker-compose.test.ts', 'schema'],
      {
        NODE_OPTIONS: '--experimental-vm-modules',
      },
    );
    if (jest.code !== 0) throw new Error(`the contributor's tests failed:\n${jest.stderr.slice(-4_000)}`);
    expect(jest.stderr).toMatch(/Tests:\s+\d+ passed/);
    const compose = await repository.run('schema/compose.ts', ['--check']);
    if (compose.code !== 0) throw new Error(`compose:check failed:\n${compose.stderr}`);
    const prettier = await repository.run('node_modules/prettier/bin/prettier.cjs', [
      '--check',
      'subgraphs/skolverket',
      'schema',
      'docker-compose.yml',
    ]);
    if (prettier.code !== 0) throw new Error(`prettier --check failed:\n${prettier.stdout}${prettier.stderr}`);
    const types = await repository.run('node_modules/typescript/bin/tsc', ['-p', '.', '--noEmit']);
    if (types.code !== 0) throw new Error(`tsc failed:\n${types.stdout}`);
  }, 240_000);

  it('costs only its own fields when it stops', async () => {
    skolverket!.child.kill('SIGKILL');
    await skolverket!.exited;
    const { status, body } = await postGraphQL(system.gateway.url, joinedQuery);
    expect(status).toBe(200);
    const municipality = body.data!.municipality;
    expect(municipality.name).toBe('Stockholm');
    expect(municipality.policeRegion.name).toEqual(expect.any(String));
    expect(municipality.skolverketFigure).toBeNull();
    expect(body.data!.skolverketIndicators).toBeNull();
    expect(body.errors!.length).toBeGreaterThan(0);
    for (const error of body.errors!) expect(error.extensions).toMatchObject({ subgraph: 'skolverket' });
  });
});
