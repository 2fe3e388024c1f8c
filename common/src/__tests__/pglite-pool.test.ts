import { PGlite } from '@electric-sql/pglite';
import { DataSource } from 'typeorm';
import { pgliteDriverModule, pgliteParsers, pgliteSerializers } from '../pglite-pool';

/** The TypeORM adapter over an embedded PostgreSQL behaves like a one-connection `pg` pool. */
describe('PGlite pool for TypeORM', () => {
  let db: PGlite;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await PGlite.create({ serializers: pgliteSerializers, parsers: pgliteParsers });
    dataSource = new DataSource({ type: 'postgres', driver: pgliteDriverModule(db) });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE ledger (id serial PRIMARY KEY, entry text NOT NULL, flag boolean NOT NULL)');
  });

  afterAll(async () => {
    await dataSource.destroy();
    await db.close();
  });

  beforeEach(() => dataSource.query('TRUNCATE ledger'));

  it('keeps a concurrent statement out of another request’s open transaction', async () => {
    let outside: Promise<unknown> | undefined;
    const failing = dataSource
      .transaction(async (manager) => {
        await manager.query(`INSERT INTO ledger (entry, flag) VALUES ('inside', true)`);
        // Issued while the transaction is open: it must wait for it, not join it and be rolled back with it.
        outside = dataSource.query(`INSERT INTO ledger (entry, flag) VALUES ('outside', false)`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error('roll back');
      })
      .catch((error: Error) => error.message);
    expect(await failing).toBe('roll back');
    await outside;
    expect(await dataSource.query('SELECT entry, flag FROM ledger ORDER BY id')).toEqual([
      { entry: 'outside', flag: false },
    ]);
  });

  it('passes boolean and array parameters as PostgreSQL expects', async () => {
    await dataSource.query('INSERT INTO ledger (entry, flag) VALUES ($1, $2)', ['a', true]);
    const [row] = await dataSource.query('SELECT count(*)::int AS n FROM ledger WHERE flag = $1 AND entry = ANY($2)', [
      true,
      ['a', 'b'],
    ]);
    expect(row.n).toBe(1);
  });

  it('returns dates as the text PostgreSQL sends, so no time zone can shift them', async () => {
    const previous = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const [row] = await dataSource.query(`SELECT DATE '2008-05-22' AS decided_on`);
      expect(row.decided_on).toBe('2008-05-22');
    } finally {
      process.env.TZ = previous;
    }
  });

  it('reports affected rows for UPDATE as pg does', async () => {
    await dataSource.query(`INSERT INTO ledger (entry, flag) VALUES ('x', false), ('y', false)`);
    const result = await dataSource.createQueryBuilder().update('ledger').set({ flag: true }).execute();
    expect(result.affected).toBe(2);
  });
});
