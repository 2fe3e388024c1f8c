import type { RunningSubgraph } from '@samverkan/common';
import { databaseKind } from '../../../../test/support/database';
import { postGraphQL } from '../../../../test/support/graphql';
import { revertAndReapplyMigrations, schemaDrift, startTestSubgraph } from '../../../../test/support/subgraph';
import { UnemploymentStatistic } from '../entities';
import { arbetsformedlingenSubgraph } from '../server';

describe(`arbetsformedlingen subgraph (${databaseKind})`, () => {
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    subgraph = await startTestSubgraph(arbetsformedlingenSubgraph, 'samverkan_it_');
  });
  afterAll(() => subgraph?.stop());

  it('has migrations that match its entities exactly', async () => {
    expect(await schemaDrift(subgraph.database.dataSource)).toEqual([]);
  });

  it('seeds unemployment for every municipality and district and year, all marked synthetic', async () => {
    const { manager } = subgraph.database.dataSource;
    expect(await manager.count(UnemploymentStatistic)).toBe((290 + 38) * 19);
    expect(await manager.countBy(UnemploymentStatistic, { synthetic: false })).toBe(0);
  });

  it('serves the authority and its offices, each office flagged synthetic', async () => {
    const { body } = await postGraphQL(
      subgraph.url,
      /* GraphQL */ `
        {
          arbetsformedlingen {
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
    const af = body.data!.arbetsformedlingen;
    expect([af.id, af.name, af.establishedOn]).toEqual(['arbetsformedlingen', 'Arbetsförmedlingen', '2008-01-01']);
    expect(af.offices).toHaveLength(21);
    expect(af.offices.every((o: any) => o.synthetic)).toBe(true);
  });

  it('resolves unemployment for many references in one statement', async () => {
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
              unemployment(year: 2009) {
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
      expect(district.unemployment).toMatchObject({ unit: 'percent of inhabitants aged 16-64', suppressed: false });
      expect(district.unemployment.source.synthetic).toBe(true);
      expect(district.unemployment.value).toBeGreaterThan(0);
    }
    expect(subgraph.database.statements.total).toBe(1);
  });

  it('can revert every migration and apply them again', async () => {
    const { tablesAfterRevert } = await revertAndReapplyMigrations(subgraph.database.dataSource);
    expect(tablesAfterRevert).toEqual([]);
  });
});
