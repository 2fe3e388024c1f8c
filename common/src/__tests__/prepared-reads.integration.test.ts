import { Column, Entity, In, JoinColumn, ManyToOne, PrimaryColumn, type DataSource } from 'typeorm';
import { databaseKind, freshTestDatabase } from '../../../test/support/database';
import { defaultDatabaseResilience, openDatabase, type SubgraphDatabase } from '../database';
import { databaseErrorCode } from '../database-errors';
import { formatSubgraphError } from '../errors';
import { createLogger } from '../logger';
import { entityColumns, findWhereIn, preparedRead, preparedReadOf, runPreparedRead } from '../prepared-reads';

@Entity({ name: 'ministry' })
class Ministry {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  code!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;
}

/** A column of every type the prepared reads map, nullable ones among them. */
@Entity({ name: 'decision' })
class Decision {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id!: string;

  @Column({ name: 'ministry_code', type: 'varchar', length: 8 })
  ministryCode!: string;

  @ManyToOne(() => Ministry)
  @JoinColumn({ name: 'ministry_code' })
  ministry?: Ministry;

  @Column({ name: 'decided_on', type: 'date' })
  decidedOn!: string;

  @Column({ name: 'revoked_on', type: 'date', nullable: true })
  revokedOn!: string | null;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'double precision', nullable: true })
  weight!: number | null;

  @Column({ type: 'boolean' })
  binding!: boolean;

  @Column({ type: 'varchar', length: 16, array: true })
  topics!: string[];
}

@Entity({ name: 'decision_note' })
class DecisionNote {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id!: string;

  @Column({ type: 'timestamp' })
  writtenAt!: Date;
}

const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

const decided: Decision = {
  id: 'd1',
  ministryCode: 'A',
  decidedOn: '2008-05-22',
  revokedOn: null,
  position: 2,
  weight: 0.1,
  binding: true,
  topics: ['WORK', 'SAFETY'],
};

describe(`prepared reads (${databaseKind})`, () => {
  let database: SubgraphDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await openDatabase({
      config: await freshTestDatabase('reads', 'samverkan_prepared_'),
      entities: [Ministry, Decision, DecisionNote],
      migrations: [],
      logger: createLogger('prepared-reads-test', 'silent'),
      // One connection, so that what it has prepared can be asked of it.
      resilience: { ...defaultDatabaseResilience, poolSize: 1 },
    });
    dataSource = database.dataSource;
    // The test owns its tables; a subgraph's come from its migrations.
    await dataSource.synchronize();
    await dataSource.getRepository(Ministry).insert([
      { code: 'A', name: 'Arbetsmarknadsdepartementet' },
      { code: 'J', name: 'Justitiedepartementet' },
    ]);
    await dataSource.getRepository(Decision).insert([
      decided,
      {
        id: 'd2',
        ministryCode: 'A',
        decidedOn: '1999-12-31',
        revokedOn: '2011-01-01',
        position: 1,
        weight: null,
        binding: false,
        topics: [],
      },
      {
        id: 'd3',
        ministryCode: 'J',
        decidedOn: '2024-02-29',
        revokedOn: null,
        position: 3,
        weight: -2.5,
        binding: true,
        topics: ['SAFETY'],
      },
    ]);
  });

  afterAll(() => database?.close());

  it('answers what TypeORM’s find answers: the same fields, types, nulls and order', async () => {
    const repository = dataSource.getRepository(Decision);
    for (const [keys, order] of [
      [['d1', 'd2', 'd3', 'missing'], []],
      [['d3'], []],
    ] as const) {
      const prepared = await findWhereIn(dataSource, Decision, 'id', keys, order);
      const found = await repository.findBy({ id: In([...keys]) });
      expect(plain(prepared).sort((a: Decision, b: Decision) => a.id.localeCompare(b.id))).toEqual(
        plain(found).sort((a: Decision, b: Decision) => a.id.localeCompare(b.id)),
      );
    }
    const byMinistry = await findWhereIn(dataSource, Decision, 'ministryCode', ['A', 'J'], ['position']);
    expect(plain(byMinistry)).toEqual(
      plain(await repository.find({ where: { ministryCode: In(['A', 'J']) }, order: { position: 'ASC' } })),
    );
    expect(byMinistry.map((d) => d.id)).toEqual(['d2', 'd1', 'd3']);
    expect(byMinistry[1]).toEqual(decided);
  });

  it('keeps dates as the day stored, whatever the time zone of the process', async () => {
    const previous = process.env.TZ;
    process.env.TZ = 'Pacific/Kiritimati';
    try {
      const [decision] = await findWhereIn(dataSource, Decision, 'id', ['d3']);
      expect(decision.decidedOn).toBe('2024-02-29');
    } finally {
      process.env.TZ = previous;
    }
  });

  it('sends one statement a batch, counted like TypeORM’s, under a name that stands for its text', async () => {
    database.statements.reset();
    await findWhereIn(dataSource, Decision, 'id', ['d1', 'd2', 'd3']);
    await findWhereIn(dataSource, Decision, 'id', ['d1']);
    expect(database.statements.total).toBe(2);
    expect(database.statements.statements()[0]).toMatch(/= ANY\(\$1\)$/);
    expect(preparedRead('SELECT 1').name).toBe(preparedRead('SELECT 1').name);
    expect(preparedRead('SELECT 1').name).not.toBe(preparedRead('SELECT 2').name);
  });

  // The embedded database runs every statement unnamed: PGlite keeps no prepared statements.
  (process.env.DATABASE_URL ? it : it.skip)('has the server parse and plan each read once per connection', async () => {
    await findWhereIn(dataSource, Ministry, 'code', ['A']);
    await findWhereIn(dataSource, Ministry, 'code', ['J']);
    const prepared: { statement: string }[] = await dataSource.query(
      "SELECT statement FROM pg_prepared_statements WHERE name LIKE 'samverkan\\_%' AND statement LIKE '%FROM \"ministry\"%'",
    );
    expect(prepared).toHaveLength(1);
  });

  it('reads across tables with the entity columns it joins', async () => {
    const decisionsOfMinistry = preparedReadOf(
      (source) =>
        `SELECT m.name AS "ministryName", ${entityColumns(source, Decision, 'd')} ` +
        'FROM decision d JOIN ministry m ON m.code = d.ministry_code WHERE m.code = ANY($1) ORDER BY d.position',
    );
    expect(decisionsOfMinistry(dataSource)).toBe(decisionsOfMinistry(dataSource));
    const rows = await runPreparedRead<Decision & { ministryName: string }>(
      dataSource,
      decisionsOfMinistry(dataSource),
      [['J']],
    );
    expect(rows).toEqual([expect.objectContaining({ id: 'd3', ministryName: 'Justitiedepartementet' })]);
  });

  it('fails as TypeORM does, with the database’s code, and leaves the connection usable', async () => {
    const failure = await runPreparedRead(dataSource, preparedRead('SELECT * FROM decision WHERE id = $1'), [
      'nul\u0000byte',
    ]).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'QueryFailedError' });
    expect(databaseErrorCode(failure)).toBe('22021');
    expect(formatSubgraphError({ message: 'x' }, failure).extensions?.code).toBe('BAD_USER_INPUT');
    expect(await findWhereIn(dataSource, Decision, 'id', ['d1'])).toHaveLength(1);
  });

  it('refuses a column whose value it cannot return as TypeORM would, instead of answering differently', async () => {
    await expect(findWhereIn(dataSource, DecisionNote, 'id', ['n1'])).rejects.toThrow(
      /DecisionNote.writtenAt: prepared reads have no mapping for a column of type timestamp/,
    );
  });
});
