import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testKeys } from '../../../test/support/identity';
import { ensureDevelopmentKeys } from '../identity';
import { readSubgraphConfig } from '../subgraph';

const police = { name: 'police', defaultPort: 4002 };

/** What a production subgraph needs besides the setting under test. */
function productionEnv(extra: Record<string, string> = {}): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'samverkan-synthetic-config-'));
  const keyFile = join(dir, 'gateway.public.jwk.json');
  writeFileSync(keyFile, JSON.stringify(testKeys.gateway.publicKey));
  return {
    NODE_ENV: 'production',
    GATEWAY_PUBLIC_KEY_FILE: keyFile,
    DATABASE_URL: 'postgres://samverkan@db:5432/postgres',
    ...extra,
  };
}

describe('synthetic figures in production', () => {
  it('are not served unless switched on: withheld, still labelled synthetic', () => {
    const config = readSubgraphConfig(police, productionEnv());
    expect(config.suppression.of('reported_crimes')).toEqual({ threshold: 5, syntheticFigures: false });
  });

  it('are seeded, when no seed is given, from one nobody knows, never the public default', () => {
    const seeds = [readSubgraphConfig(police, productionEnv()), readSubgraphConfig(police, productionEnv())].map(
      (config) => config.syntheticSeed,
    );
    expect(seeds[0]).not.toBe('samverkan-lua-2008');
    expect(seeds[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(seeds[1]).not.toBe(seeds[0]);
  });

  it('switched on, need a seed of their own: the public default would let anyone recompute withheld figures', () => {
    expect(() => readSubgraphConfig(police, productionEnv({ SYNTHETIC_FIGURES: 'on' }))).toThrow(
      /SYNTHETIC_SEED must be a secret of at least 16 characters in production/,
    );
    expect(() =>
      readSubgraphConfig(police, productionEnv({ SYNTHETIC_FIGURES: 'on', SYNTHETIC_SEED: 'samverkan-lua-2008' })),
    ).toThrow(/SYNTHETIC_SEED/);
    expect(() =>
      readSubgraphConfig(police, productionEnv({ SYNTHETIC_FIGURES: 'on', SYNTHETIC_SEED: 'short' })),
    ).toThrow(/SYNTHETIC_SEED/);
    const config = readSubgraphConfig(
      police,
      productionEnv({ SYNTHETIC_FIGURES: 'on', SYNTHETIC_SEED: 'a-secret-seed-of-the-deployment' }),
    );
    expect(config.syntheticSeed).toBe('a-secret-seed-of-the-deployment');
    expect(config.suppression.of('reported_crimes').syntheticFigures).toBe(true);
  });

  it('are served in development with the documented default seed', () => {
    const config = readSubgraphConfig(police, {
      DEV_KEYS_DIR: ensureDevelopmentKeys(mkdtempSync(join(tmpdir(), 'samverkan-dev-keys-'))).dir,
    });
    expect(config.syntheticSeed).toBe('samverkan-lua-2008');
    expect(config.suppression.of('reported_crimes').syntheticFigures).toBe(true);
  });
});
