import type { RunningSubgraph } from '@samverkan/common';
import { databaseKind } from '../../../../test/support/database';
import { postGraphQL } from '../../../../test/support/graphql';
import { revertAndReapplyMigrations, schemaDrift, startTestSubgraph } from '../../../../test/support/subgraph';
import { SicknessStatistic } from '../entities';
import { forsakringskassanSubgraph } from '../server';

describe(`forsakringskassan subgraph (${databaseKind})`, () => {
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    subgraph = await startTestSubgraph(forsakringskassanSubgraph, 'samverkan_it_');
  });
  afterAll(() => subgraph?.stop());

  it('has migrations that match its entities exactly', async () => {
    expect(await schemaDrift(subgraph.database.dataSource)).toEqual([]);
  });

  it('seeds sickness absence for every municipality and district and year, all marked synthetic', async () => {
    const { manager } = subgraph.database.dataSource;
    expect(await manager.count(SicknessStatistic)).toBe((290 + 38) * 19);
    expect(await manager.countBy(SicknessStatistic, { synthetic: false })).toBe(0);
  });

  it('serves the authority and its offices, each office flagged synthetic', async () => {
    const { body } = await postGraphQL(
      subgraph.url,
      /* GraphQL */ `
        {
          forsakringskassan {
            id
            name
            establishedOn
            offices {
              id
              synthetic
              municipality {
                code
              }
            }
          }
        }
      `,
    );
    expect(body.errors).toBeUndefined();
    const fk = body.data!.forsakringskassan;
    expect([fk.id, fk.name, fk.establishedOn]).toEqual(['forsakringskassan', 'Försäkringskassan', '2005-01-01']);
    expect(fk.offices).toHaveLength(21);
    expect(fk.offices.every((o: any) => o.synthetic)).toBe(true);
  });

  it('resolves sickness absence for many references in one statement', async () => {
    subgraph.database.statements.reset();
    const representations = ['0180-rinkeby', '0180-tensta', '1280-rosengard'].map((id) => ({
      __typename: 'UrbanDistrict',
      id,
    }));
    const { body } = await postGraphQL(
      subgraph.url,
      /* GraphQL */ `
        query ($representations: [_Any!]!) {
          _entities(representations: $representations) {
            ... on UrbanDistrict {
              id
              sicknessIndex(year: 2009) {
                value
                unit
                suppressed
                source {
                  name
                  synthetic
                }
              }
            }
          }
        }
      `,
      { representations },
    );
    expect(body.errors).toBeUndefined();
    for (const district of body.data!._entities) {
      expect(district.sicknessIndex).toMatchObject({ unit: 'days per insured person aged 16-64', suppressed: false });
      expect(district.sicknessIndex.source.synthetic).toBe(true);
      expect(district.sicknessIndex.value).toBeGreaterThan(0);
    }
    expect(subgraph.database.statements.total).toBe(1);
  });

  it('can revert every migration and apply them again', async () => {
    const { tablesAfterRevert } = await revertAndReapplyMigrations(subgraph.database.dataSource);
    expect(tablesAfterRevert).toEqual([]);
  });
});
