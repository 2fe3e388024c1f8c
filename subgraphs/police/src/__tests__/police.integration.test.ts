import { realStatisticSources, type RunningSubgraph } from '@samverkan/common';
import { databaseKind } from '../../../../test/support/database';
import { postToSubgraph } from '../../../../test/support/graphql';
import { schemaDrift, startTestSubgraph } from '../../../../test/support/subgraph';
import { MunicipalityPoliceRegion, ReportedCrimeStatistic, VulnerableArea } from '../entities';
import { policeSubgraph } from '../server';

const crimeUnit = realStatisticSources['reported-crime'].unit;

describe(`police subgraph (${databaseKind})`, () => {
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    subgraph = await startTestSubgraph(policeSubgraph, 'samverkan_it_');
  });
  afterAll(() => subgraph?.stop());

  it('has migrations that match its entities exactly', async () => {
    expect(await schemaDrift(subgraph.database.dataSource)).toEqual([]);
  });

  it('seeds a region for every municipality, the 48 listed areas and reported crime for every year', async () => {
    const { manager } = subgraph.database.dataSource;
    expect(await manager.count(MunicipalityPoliceRegion)).toBe(290);
    expect(await manager.count(VulnerableArea)).toBe(48);
    expect(await manager.count(ReportedCrimeStatistic)).toBe((290 + 38) * 19);
  });

  it('serves the authority and its seven regions', async () => {
    const { body } = await postToSubgraph(
      subgraph,
      /* GraphQL */ `
        {
          police {
            id
            name
            regions {
              code
              name
            }
          }
        }
      `,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.police.id).toBe('polisen');
    expect(body.data!.police.name).toBe('Polismyndigheten');
    expect(body.data!.police.regions.map((r: any) => r.name)).toEqual([
      'Nord',
      'Mitt',
      'Stockholm',
      'Öst',
      'Väst',
      'Syd',
      'Bergslagen',
    ]);
  });

  it('resolves region, classification and crime for entity references in batches', async () => {
    subgraph.database.statements.reset();
    const { body } = await postToSubgraph(
      subgraph,
      /* GraphQL */ `
        query ($representations: [_Any!]!) {
          _entities(representations: $representations) {
            ... on Municipality {
              code
              policeRegion {
                name
              }
              reportedCrimes(year: 2009) {
                unit
                source {
                  synthetic
                }
              }
            }
            ... on UrbanDistrict {
              id
              vulnerability {
                category
                listYear
                area {
                  name
                }
              }
              reportedCrimes(year: 2009) {
                unit
                source {
                  synthetic
                }
              }
              before: reportedCrimes(year: 1990) {
                value
              }
            }
            ... on County {
              code
              policeRegion {
                code
              }
            }
          }
        }
      `,
      {
        representations: [
          { __typename: 'Municipality', code: '0136' },
          { __typename: 'Municipality', code: '1280' },
          { __typename: 'Municipality', code: '0000' },
          { __typename: 'UrbanDistrict', id: '0127-hallunda-norsborg' },
          { __typename: 'UrbanDistrict', id: '0126-flemingsberg' },
          { __typename: 'County', code: '14' },
        ],
      },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!._entities).toEqual([
      {
        code: '0136',
        policeRegion: { name: 'Stockholm' },
        reportedCrimes: { unit: crimeUnit, source: { synthetic: false } },
      },
      {
        code: '1280',
        policeRegion: { name: 'Syd' },
        reportedCrimes: { unit: crimeUnit, source: { synthetic: false } },
      },
      { code: '0000', policeRegion: null, reportedCrimes: null },
      {
        id: '0127-hallunda-norsborg',
        vulnerability: { category: 'ESPECIALLY_VULNERABLE', listYear: 2025, area: { name: 'Hallunda / Norsborg' } },
        reportedCrimes: { unit: crimeUnit, source: { synthetic: true } },
        before: null,
      },
      {
        id: '0126-flemingsberg',
        vulnerability: null,
        reportedCrimes: { unit: crimeUnit, source: { synthetic: true } },
        before: null,
      },
      { code: '14', policeRegion: { code: '5500' } },
    ]);
    // municipalities' regions, counties' regions, municipalities' crimes; districts' classifications and crimes in one
    expect(subgraph.database.statements.total).toBeLessThanOrEqual(4);
  });

  it('lists the regions once however many authority references ask for them', async () => {
    subgraph.database.statements.reset();
    const { body } = await postToSubgraph(
      subgraph,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on PoliceAuthority { regions { code } } } }`,
      { r: Array.from({ length: 21 }, () => ({ __typename: 'PoliceAuthority', id: 'polisen' })) },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!._entities).toHaveLength(21);
    expect(body.data!._entities[20].regions).toHaveLength(7);
    // the authority, the regions
    expect(subgraph.database.statements.total).toBe(2);
  });

  it('filters the vulnerable-area list by municipality and category', async () => {
    const { body } = await postToSubgraph(
      subgraph,
      /* GraphQL */ `
        {
          vulnerableAreas(municipalityCode: "0181", category: ESPECIALLY_VULNERABLE) {
            name
            district {
              id
            }
          }
        }
      `,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.vulnerableAreas).toEqual([
      { name: 'Geneta', district: null },
      { name: 'Hovsjö', district: { id: '0181-hovsjo' } },
      { name: 'Ronna', district: { id: '0181-ronna' } },
    ]);
  });

  it('refuses an unknown category with a validation error', async () => {
    const { status, body } = await postToSubgraph(subgraph, `{ vulnerableAreas(category: DANGEROUS) { name } }`);
    expect(status).toBe(400);
    expect(body.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
