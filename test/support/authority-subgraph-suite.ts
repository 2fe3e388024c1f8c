import {
  loadShippedRealStatistics,
  realStatisticSources,
  type AnySubgraphDefinition,
  type AreaStatistic,
  type RealStatisticKey,
  type RunningSubgraph,
} from '@samverkan/common';
import { Between, type EntityTarget } from 'typeorm';
import { databaseKind } from './database';
import { postToSubgraph } from './graphql';
import { schemaDrift, startTestSubgraph } from './subgraph';

export interface AuthoritySubgraphExpectations {
  definition: AnySubgraphDefinition;
  /** The root field serving the authority, e.g. `arbetsformedlingen`. */
  rootField: string;
  authority: { id: string; name: string; establishedOn: string };
  statisticEntity: EntityTarget<AreaStatistic>;
  /** The statistic field on Municipality and UrbanDistrict, e.g. `unemployment`. */
  statisticField: string;
  /** The published statistic the field serves. */
  statistic: RealStatisticKey;
}

/**
 * The integration suite Arbetsförmedlingen's and Försäkringskassan's
 * subgraphs share: both own an authority, its offices and one statistic per
 * municipality, district and year.
 */
export function describeAuthoritySubgraph(expected: AuthoritySubgraphExpectations): void {
  const { definition, rootField, statisticField } = expected;
  const source = realStatisticSources[expected.statistic];

  describe(`${definition.name} subgraph (${databaseKind})`, () => {
    let subgraph: RunningSubgraph;

    beforeAll(async () => {
      subgraph = await startTestSubgraph(definition, 'samverkan_it_');
    });
    afterAll(() => subgraph?.stop());

    it('has migrations that match its entities exactly', async () => {
      expect(await schemaDrift(subgraph.database.dataSource)).toEqual([]);
    });

    it(`seeds ${statisticField} for every area and year 2006–2024, published where published, synthetic elsewhere`, async () => {
      const { manager } = subgraph.database.dataSource;
      const entity = expected.statisticEntity;
      expect(await manager.countBy(entity, { year: Between(2006, 2024) })).toBe((290 + 38) * 19);
      expect(await manager.countBy(entity, { synthetic: false })).toBe(
        loadShippedRealStatistics(expected.statistic).length,
      );
      expect(await manager.countBy(entity, { areaKind: 'district', synthetic: false })).toBe(0);
    });

    it('serves the authority and its offices, each office flagged synthetic', async () => {
      const { body } = await postToSubgraph(
        subgraph,
        `{ ${rootField} { id name establishedOn offices { id synthetic municipality { code } } } }`,
      );
      expect(body.errors).toBeUndefined();
      const { offices, ...authority } = body.data![rootField];
      expect(authority).toEqual(expected.authority);
      expect(offices).toHaveLength(21);
      expect(offices.every((o: { synthetic: boolean }) => o.synthetic)).toBe(true);
    });

    it(`resolves ${statisticField} for many references in one statement`, async () => {
      subgraph.database.statements.reset();
      const representations = [
        { __typename: 'UrbanDistrict', id: '0180-rinkeby' },
        { __typename: 'UrbanDistrict', id: '1280-rosengard' },
        { __typename: 'Municipality', code: '0180' },
      ];
      const { body } = await postToSubgraph(
        subgraph,
        /* GraphQL */ `
          query ($representations: [_Any!]!) {
            _entities(representations: $representations) {
              ... on UrbanDistrict { figure: ${statisticField}(year: 2015) { value unit suppressed source { synthetic table } } }
              ... on Municipality { figure: ${statisticField}(year: 2015) { value unit suppressed source { synthetic table } } }
            }
          }
        `,
        { representations },
      );
      expect(body.errors).toBeUndefined();
      const [rinkeby, rosengard, stockholm] = body.data!._entities;
      for (const district of [rinkeby, rosengard]) {
        expect(district.figure).toMatchObject({
          unit: source.unit,
          suppressed: false,
          source: { synthetic: true, table: null },
        });
      }
      expect(stockholm.figure).toMatchObject({ unit: source.unit, source: { synthetic: false, table: source.kpi } });
      // Districts were chosen for worse figures than their municipality's.
      expect(rinkeby.figure.value).toBeGreaterThan(stockholm.figure.value);
      expect(subgraph.database.statements.total).toBe(1);
    });

    it('answers null for a year without figures', async () => {
      const { body } = await postToSubgraph(
        subgraph,
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on UrbanDistrict { ${statisticField}(year: 1990) { value } } } }`,
        { r: [{ __typename: 'UrbanDistrict', id: '0180-rinkeby' }] },
      );
      expect(body.errors).toBeUndefined();
      expect(body.data!._entities).toEqual([{ [statisticField]: null }]);
    });
  });
}
