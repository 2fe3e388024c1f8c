import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { AuditTable, anonymousCaller, createAuditLog, createLogger, dropDatabase, readDatabaseConfig } from '..';
import { repositoryRoot } from '../../../test/support/process';

/**
 * The audit chain's PostgreSQL sink, on the server in DATABASE_URL: the sink
 * is a `pg` connection to a server, which embedded PGlite does not offer.
 */
const serverUrl = process.env.DATABASE_URL;
const describeOnServer = serverUrl ? describe : describe.skip;
const quiet = () => undefined;
const logger = createLogger('audit-table-test', 'silent');

describeOnServer('the audit chain in a PostgreSQL table (PostgreSQL server)', () => {
  let url: string;
  let admin: pg.Client;

  beforeAll(async () => {
    const config = readDatabaseConfig({ DATABASE_URL: serverUrl, DATABASE_NAME_PREFIX: 'samverkan_audit_' }, 'chain');
    if (config.kind !== 'server') throw new Error('expected a server database');
    url = config.url;
    // A database of its own, as an operator would give the audit trail.
    await dropDatabase(url);
    const server = new pg.Client({ connectionString: serverUrl });
    await server.connect();
    await server.query('CREATE DATABASE samverkan_audit_chain');
    await server.end();
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });
  afterAll(() => admin?.end());

  async function record(service: string, count: number): Promise<void> {
    const table = await AuditTable.open(url, service, logger);
    const audit = createAuditLog(service, 10, quiet, undefined, table);
    for (let i = 0; i < count; i += 1) {
      audit.record(anonymousCaller, {
        operation: '(refused before parsing)',
        fieldPath: '/graphql',
        level: 'REQUEST',
        outcome: 'refused',
        reason: 'RATE_LIMITED',
      });
    }
    await table.close();
  }

  const verify = (source: string) =>
    promisify(execFile)(join(repositoryRoot, 'node_modules', '.bin', 'tsx'), ['scripts/audit-verify.ts', source], {
      cwd: repositoryRoot,
    });

  it('holds two services’ chains, each going on across a restart, and audit:verify checks them there', async () => {
    await record('gateway', 3);
    await record('subgraph-police', 2);
    await record('gateway', 2);
    const { rows } = await admin.query<{ service: string; seq: string }>(
      'SELECT service, seq FROM audit_chain ORDER BY id',
    );
    expect(rows.map((r) => `${r.service}:${r.seq}`)).toEqual([
      'gateway:0',
      'gateway:1',
      'gateway:2',
      'subgraph-police:0',
      'subgraph-police:1',
      'gateway:3',
      'gateway:4',
    ]);
    const { stdout } = await verify(url);
    expect(stdout).toMatch(/every chain holds \(gateway 5, subgraph-police 2\)/);
    expect(stdout).not.toContain('@');
  });

  it('shows an edited row and a deleted row, naming the row', async () => {
    const { rows } = await admin.query<{ id: string; line: string }>(
      "SELECT id, line FROM audit_chain WHERE service = 'gateway' ORDER BY seq",
    );
    await admin.query('UPDATE audit_chain SET line = $1 WHERE id = $2', [
      rows[1].line.replace('RATE_LIMITED', 'UNAUTHENTICATED'),
      rows[1].id,
    ]);
    await expect(verify(url)).rejects.toMatchObject({
      code: 1,
      stdout: expect.stringMatching(new RegExp(`broken at row id ${rows[2].id} \\(gateway\\): prev is not the hash`)),
    });
    await admin.query('UPDATE audit_chain SET line = $1 WHERE id = $2', [rows[1].line, rows[1].id]);
    expect((await verify(url)).stdout).toMatch(/every chain holds/);
    await admin.query('DELETE FROM audit_chain WHERE id = $1', [rows[3].id]);
    await expect(verify(url)).rejects.toMatchObject({
      code: 1,
      stdout: expect.stringMatching(/\(gateway\): seq 4 follows seq 2: entries are missing/),
    });
  });

  it('keeps entries made while the database is away and writes them, in order, once it is back', async () => {
    const table = await AuditTable.open(url, 'subgraph-agreements', logger);
    const audit = createAuditLog('subgraph-agreements', 10, quiet, undefined, table);
    // Every connection of the sink cut: the next inserts fail and are retried.
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'samverkan_audit_chain' AND pid <> pg_backend_pid()",
    );
    for (let i = 0; i < 3; i += 1) {
      audit.record(anonymousCaller, { operation: 'Q', fieldPath: 'f', level: 'PERSONAL', outcome: 'read' });
    }
    await table.close();
    const { rows } = await admin.query<{ seq: string }>(
      "SELECT seq FROM audit_chain WHERE service = 'subgraph-agreements' ORDER BY id",
    );
    expect(rows.map((r) => Number(r.seq))).toEqual([0, 1, 2]);
  });
});
