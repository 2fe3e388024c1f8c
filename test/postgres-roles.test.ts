import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningSubgraph } from '@samverkan/common';
import { Client } from 'pg';
import { policeSubgraph } from '../subgraphs/police/src/server';
import { postToSubgraph } from './support/graphql';
import { startTestSubgraph } from './support/subgraph';

/**
 * deploy/postgres/create-subgraph-database.sql, the script docker-compose's
 * PostgreSQL runs at first start and an operator runs on an external server,
 * run with psql against the test server: the subgraph then starts, migrates
 * and seeds as a role that owns its database and may do nothing else. Roles
 * are server-wide, so this needs a PostgreSQL server (DATABASE_URL); without
 * one it is skipped, saying so.
 */
const serverUrl = process.env.DATABASE_URL;
const describeOnServer = serverUrl ? describe : describe.skip;
if (!serverUrl) console.warn('postgres-roles: skipped, it needs a PostgreSQL server in DATABASE_URL');

const script = join(__dirname, '..', 'deploy', 'postgres', 'create-subgraph-database.sql');
/** Names of this test's own, so that it never touches a real subgraph's role or database on the server. */
const names = (subgraph: string) => ({
  role: `samverkan_roles_test_${subgraph}`,
  database: `samverkan_roles_test_${subgraph}`,
});

describeOnServer('a subgraph on a database role of its own (deploy/postgres)', () => {
  const secrets = mkdtempSync(join(tmpdir(), 'samverkan-roles-'));
  let admin: Client;
  let subgraph: RunningSubgraph | undefined;

  /** Runs the script as the operator would; psql's exit status and its errors. */
  const createSubgraphDatabase = (subgraph: string, password: string) => {
    const passwordFile = join(secrets, `${subgraph}.password`);
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    const { role, database } = names(subgraph);
    const psql = spawnSync(
      'psql',
      [serverUrl!, '-v', 'ON_ERROR_STOP=1', '-v', `role=${role}`, '-v', `database=${database}`].concat([
        '-v',
        `password_file=${passwordFile}`,
        '-f',
        script,
      ]),
      { encoding: 'utf8' },
    );
    return { status: psql.status, stderr: psql.stderr };
  };
  /** A connection as `subgraph`'s role to `database`; rejects as PostgreSQL refuses it. */
  const connectAs = async (subgraph: string, database: string) => {
    const url = new URL(serverUrl!);
    url.username = names(subgraph).role;
    url.password = 'not-checked-on-a-trust-server';
    url.pathname = `/${database}`;
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    return client;
  };
  const dropAll = async () => {
    for (const subgraph of ['police', 'municipalities']) {
      const { role, database } = names(subgraph);
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.query(`DROP ROLE IF EXISTS "${role}"`);
    }
  };

  beforeAll(async () => {
    admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await dropAll();
  });
  afterAll(async () => {
    await subgraph?.stop();
    await dropAll();
    await admin.end();
    rmSync(secrets, { recursive: true, force: true });
  });

  it('creates a login role that owns its database and may create neither databases nor roles', async () => {
    for (const name of ['police', 'municipalities']) {
      expect(createSubgraphDatabase(name, `${name}-'secret"1`)).toEqual({ status: 0, stderr: '' });
    }
    const { rows } = await admin.query(
      `SELECT r.rolcanlogin, r.rolcreatedb, r.rolcreaterole, r.rolsuper, r.rolpassword IS NOT NULL AS has_password,
              pg_get_userbyid(d.datdba) AS owner, has_database_privilege('public', d.datname, 'CONNECT') AS public_connects
         FROM pg_roles r JOIN pg_authid a ON a.oid = r.oid, pg_database d
        WHERE r.rolname = $1 AND d.datname = $2`,
      [names('police').role, names('police').database],
    );
    expect(rows).toEqual([
      {
        rolcanlogin: true,
        rolcreatedb: false,
        rolcreaterole: false,
        rolsuper: false,
        has_password: true,
        owner: names('police').role,
        public_connects: false,
      },
    ]);
  });

  it('changes only the password when run again', async () => {
    const before = await admin.query('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [names('police').role]);
    expect(createSubgraphDatabase('police', 'rotated')).toEqual({ status: 0, stderr: '' });
    const after = await admin.query('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [names('police').role]);
    expect(after.rows[0].rolpassword).not.toBe(before.rows[0].rolpassword);
  });

  it('lets the subgraph migrate, seed and serve its database as that role', async () => {
    const url = new URL(serverUrl!);
    url.username = names('police').role;
    url.pathname = `/${names('police').database}`;
    subgraph = await startTestSubgraph(policeSubgraph, 'samverkan_roles_test_unused_', {
      database: { kind: 'server', url: url.toString() },
    });
    const { status, body } = await postToSubgraph(
      subgraph,
      /* GraphQL */ `
        {
          vulnerableAreas {
            id
          }
        }
      `,
    );
    expect(status).toBe(200);
    expect(body.data?.vulnerableAreas.length).toBeGreaterThan(0);
    const [{ current_user }] = await subgraph.database.dataSource.query('SELECT current_user');
    expect(current_user).toBe(names('police').role);
  });

  it("keeps each role out of every other subgraph's database, and from creating databases", async () => {
    await expect(connectAs('police', names('municipalities').database)).rejects.toMatchObject({ code: '42501' });
    await expect(connectAs('municipalities', names('police').database)).rejects.toMatchObject({ code: '42501' });
    const own = await connectAs('police', names('police').database);
    try {
      await expect(own.query('CREATE DATABASE samverkan_roles_test_extra')).rejects.toMatchObject({ code: '42501' });
      await expect(own.query('CREATE ROLE samverkan_roles_test_extra')).rejects.toMatchObject({ code: '42501' });
    } finally {
      await own.end();
    }
  });
});
