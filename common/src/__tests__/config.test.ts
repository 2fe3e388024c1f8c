import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDatabaseConfig, readDatabaseResilience } from '../database';
import { readSuppressionThresholds } from '../statistics';
import { readEnum, readPort, readUrl } from '../config';

describe('configuration', () => {
  it('reads a port, defaulting when unset', () => {
    expect(readPort({}, 'GATEWAY_PORT', 4000)).toBe(4000);
    expect(readPort({ GATEWAY_PORT: '0' }, 'GATEWAY_PORT', 4000)).toBe(0);
    expect(readPort({ GATEWAY_PORT: ' 4100 ' }, 'GATEWAY_PORT', 4000)).toBe(4100);
  });

  it('refuses a bad port with a message naming the variable', () => {
    expect(() => readPort({ POLICE_PORT: 'abc' }, 'POLICE_PORT', 4002)).toThrow(/POLICE_PORT must be a port number/);
    expect(() => readPort({ POLICE_PORT: '70000' }, 'POLICE_PORT', 4002)).toThrow(/POLICE_PORT/);
  });

  it('refuses a URL that is not absolute, naming the variable', () => {
    expect(() => readUrl({ POLICE_URL: 'police:4002' }, 'POLICE_URL')).not.toThrow();
    expect(() => readUrl({ POLICE_URL: '/graphql' }, 'POLICE_URL')).toThrow(/POLICE_URL must be an absolute URL/);
  });

  it('refuses a value outside an enumeration', () => {
    expect(() => readEnum({ PLAYGROUND: 'maybe' }, 'PLAYGROUND', ['on', 'off'], 'on')).toThrow(
      /PLAYGROUND must be one of on, off/,
    );
  });

  it('gives each subgraph its own database on a shared server', () => {
    const env = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' };
    expect(readDatabaseConfig(env, 'police')).toEqual({
      kind: 'server',
      url: 'postgres://postgres@127.0.0.1:5432/samverkan_police',
    });
    expect(readDatabaseConfig({ ...env, DATABASE_NAME_PREFIX: 'ci_' }, 'agreements')).toEqual({
      kind: 'server',
      url: 'postgres://postgres@127.0.0.1:5432/ci_agreements',
    });
  });

  it('lets one subgraph use a database of its own choosing', () => {
    const config = readDatabaseConfig(
      { DATABASE_URL: 'postgres://a@db/postgres', POLICE_DATABASE_URL: 'postgres://b@police-db/polisen' },
      'police',
    );
    expect(config).toEqual({ kind: 'server', url: 'postgres://b@police-db/polisen' });
  });

  it("takes a subgraph role's password from its password file, encoded so that any character survives", () => {
    const dir = mkdtempSync(join(tmpdir(), 'samverkan-password-'));
    const file = join(dir, 'police.password');
    writeFileSync(file, 'p@ss:w%rd/ö\n');
    const config = readDatabaseConfig(
      {
        POLICE_DATABASE_URL: 'postgres://samverkan_police@db:5432/samverkan_police',
        POLICE_DATABASE_PASSWORD_FILE: file,
      },
      'police',
    );
    expect(config.kind === 'server' && decodeURIComponent(new URL(config.url).password)).toBe('p@ss:w%rd/ö');
    expect(config.kind === 'server' && new URL(config.url).pathname).toBe('/samverkan_police');
    // The shared server's URL gets it too, and a password already in the URL gives way.
    const shared = readDatabaseConfig(
      { DATABASE_URL: 'postgres://samverkan_police:old@db/postgres', POLICE_DATABASE_PASSWORD_FILE: file },
      'police',
    );
    expect(shared).toEqual({
      kind: 'server',
      url: `postgres://samverkan_police:${encodeURIComponent('p@ss:w%rd/ö')}@db/samverkan_police`,
    });
    expect(() =>
      readDatabaseConfig(
        { DATABASE_URL: 'postgres://a@db/postgres', POLICE_DATABASE_PASSWORD_FILE: join(dir, 'missing') },
        'police',
      ),
    ).toThrow(/POLICE_DATABASE_PASSWORD_FILE cannot read/);
    writeFileSync(file, '\n');
    expect(() =>
      readDatabaseConfig({ DATABASE_URL: 'postgres://a@db/postgres', POLICE_DATABASE_PASSWORD_FILE: file }, 'police'),
    ).toThrow(/POLICE_DATABASE_PASSWORD_FILE names an empty file/);
    rmSync(dir, { recursive: true });
  });

  it('falls back to an embedded database per subgraph without a database URL', () => {
    const config = readDatabaseConfig({ PGLITE_DATA_DIR: '/tmp/samverkan' }, 'municipalities');
    expect(config).toEqual({ kind: 'embedded', dataDir: '/tmp/samverkan/municipalities' });
    expect(readDatabaseConfig({ PGLITE_DATA_DIR: 'memory' }, 'police')).toEqual({
      kind: 'embedded',
      dataDir: 'memory',
    });
    expect(readDatabaseConfig({}, 'police')).toEqual({
      kind: 'embedded',
      dataDir: join(__dirname, '..', '..', '..', '.data', 'pglite', 'police'),
    });
  });

  it('refuses a database name prefix that is not an SQL identifier', () => {
    expect(() =>
      readDatabaseConfig({ DATABASE_URL: 'postgres://a@db/postgres', DATABASE_NAME_PREFIX: 'x"; drop' }, 'police'),
    ).toThrow(/DATABASE_NAME_PREFIX/);
  });

  it('reads the suppression threshold per statistics source, with a default for the rest', () => {
    const thresholds = readSuppressionThresholds({
      SUPPRESSION_THRESHOLD: '3',
      SUPPRESSION_THRESHOLD_YOUTH_IN_PROGRAMMES: '10',
    });
    expect(thresholds.of('youth_in_programmes').threshold).toBe(10);
    expect(thresholds.of('unemployment').threshold).toBe(3);
    expect(readSuppressionThresholds({}).of('population')).toEqual({ threshold: 5, syntheticFigures: true });
    expect(() => readSuppressionThresholds({ SUPPRESSION_THRESHOLD_POPULATION: '0' })).toThrow(
      /SUPPRESSION_THRESHOLD_POPULATION must be a whole number from 1/,
    );
  });

  it('bounds database waits by default, and waits for the database at start-up as long as it takes', () => {
    expect(readDatabaseResilience({})).toEqual({
      poolSize: 10,
      statementTimeoutMs: 4_000,
      acquireTimeoutMs: 2_000,
      startupTimeoutSeconds: 0,
    });
    expect(readDatabaseResilience({ DATABASE_STATEMENT_TIMEOUT_MS: '1500' }).statementTimeoutMs).toBe(1_500);
    expect(() => readDatabaseResilience({ DATABASE_ACQUIRE_TIMEOUT_MS: 'soon' })).toThrow(
      /DATABASE_ACQUIRE_TIMEOUT_MS/,
    );
  });
});
