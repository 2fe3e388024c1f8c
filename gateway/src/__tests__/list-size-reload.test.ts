import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevelopmentKeys } from '@samverkan/common';
import { defaultSupergraphFile, readGatewayConfig } from '../config';
import { startGateway, type RunningGateway } from '../server';

describe('list sizes of the supergraph being served', () => {
  const dir = mkdtempSync(join(tmpdir(), 'samverkan-list-size-reload-'));
  const file = join(dir, 'supergraph.graphql');
  const committed = readFileSync(defaultSupergraphFile, 'utf8');
  const sized = '@listSize(assumedSize: 300)';
  let gateway: RunningGateway;

  beforeAll(async () => {
    writeFileSync(file, committed);
    const config = readGatewayConfig({
      DEV_KEYS_DIR: ensureDevelopmentKeys(join(dir, 'keys')).dir,
      SUPERGRAPH_FILE: file,
    });
    // No subgraph runs: what is looked at is whether the cost limit refuses, which happens before any fetch.
    const nowhere = 'http://127.0.0.1:9/graphql';
    gateway = await startGateway({
      ...config,
      port: 0,
      healthPollIntervalMs: 0,
      subgraphUrls: Object.fromEntries(
        [...committed.matchAll(/@join__graph\(name: "(\w+)"/g)].map((m) => [m[1], nowhere]),
      ),
      limits: { ...config.limits, maxCost: 500, assumedListSize: 200 },
    });
  });

  afterAll(async () => {
    await gateway?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Whether the cost limit refuses `{ municipalities { code name } }`: 3 × the list's length against 500. */
  async function refused(): Promise<boolean> {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ municipalities { code name } }' }),
    });
    const body = (await response.json()) as { errors?: { message: string }[] };
    return body.errors?.some((e) => /too expensive/.test(e.message)) ?? false;
  }

  it('counts a list as its @listSize says, and follows a reload that changes it', async () => {
    expect(committed).toContain(
      `municipalities(countyCode: ID): [Municipality!] @join__field(graph: MUNICIPALITIES) ${sized}`,
    );
    expect(await refused()).toBe(true);

    writeFileSync(file, committed.replace(sized, '@listSize(assumedSize: 100)'));
    expect((await gateway.reloadSupergraph()).changed).toBe(true);
    expect(await refused()).toBe(false);

    // No size at all: the configured assumed length (200 here) counts, not the 100 of the previous supergraph.
    writeFileSync(file, committed.replace(` ${sized}`, ''));
    expect((await gateway.reloadSupergraph()).changed).toBe(true);
    expect(await refused()).toBe(true);
  });
});
