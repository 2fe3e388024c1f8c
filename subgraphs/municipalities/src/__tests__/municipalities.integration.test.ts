import type { RunningSubgraph } from '@samverkan/common';
import { Between } from 'typeorm';
import { databaseKind } from '../../../../test/support/database';
import { postToSubgraph } from '../../../../test/support/graphql';
import { schemaDrift, startTestSubgraph } from '../../../../test/support/subgraph';
import { County, Municipality, PopulationStatistic, UrbanDistrict } from '../entities';
import { municipalitiesSubgraph } from '../server';

describe(`municipalities subgraph (${databaseKind})`, () => {
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    subgraph = await startTestSubgraph(municipalitiesSubgraph, 'samverkan_it_');
  });
  afterAll(() => subgraph?.stop());

  it('has migrations that match its entities exactly', async () => {
    expect(await schemaDrift(subgraph.database.dataSource)).toEqual([]);
  });

  it('seeds all municipalities, counties and districts, and population for every year', async () => {
    const { manager } = subgraph.database.dataSource;
    expect(await manager.count(Municipality)).toBe(290);
    expect(await manager.count(County)).toBe(21);
    expect(await manager.count(UrbanDistrict)).toBe(38);
    expect(await manager.countBy(PopulationStatistic, { year: Between(2006, 2024) })).toBe((290 + 38) * 19);
    // SCB's figures via Kolada, 2000–2022 (Knivsta from 2002): published, the rest synthetic.
    expect(await manager.countBy(PopulationStatistic, { synthetic: false })).toBe(290 * 23 - 2);
    expect(await manager.countBy(PopulationStatistic, { areaKind: 'district', synthetic: false })).toBe(0);
  });

  it('keeps each district’s confidence from the reference data', async () => {
    const { body } = await postToSubgraph(
      subgraph,
      /* GraphQL */ `
        {
          urbanDistricts(municipalityCode: "1480") {
            id
            name
            confidence
            confidenceNote
          }
        }
      `,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.urbanDistricts).toContainEqual({
      id: '1480-bergsjon',
      name: 'Bergsjön',
      confidence: 'VERIFIED',
      confidenceNote: 'URBAN 15',
    });
    expect(body.data!.urbanDistricts.find((d: any) => d.name === 'Hammarkullen').confidence).toBe('UNVERIFIED');
  });

  it('resolves municipality, county and district references in one batch each, null for unknown keys', async () => {
    subgraph.database.statements.reset();
    const { body } = await postToSubgraph(
      subgraph,
      /* GraphQL */ `
        query ($representations: [_Any!]!) {
          _entities(representations: $representations) {
            ... on Municipality {
              code
              name
              county {
                name
              }
            }
            ... on County {
              code
              shortName
            }
            ... on UrbanDistrict {
              id
              name
              municipality {
                name
              }
            }
          }
        }
      `,
      {
        representations: [
          { __typename: 'Municipality', code: '0136' },
          { __typename: 'Municipality', code: '2580' },
          { __typename: 'Municipality', code: '0000' },
          { __typename: 'County', code: '25' },
          { __typename: 'UrbanDistrict', id: '2580-hertson' },
        ],
      },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!._entities).toEqual([
      { code: '0136', name: 'Haninge', county: { name: 'Stockholms län' } },
      { code: '2580', name: 'Luleå', county: { name: 'Norrbottens län' } },
      null,
      { code: '25', shortName: 'Norrbotten' },
      { id: '2580-hertson', name: 'Hertsön', municipality: { name: 'Luleå' } },
    ]);
    // municipalities, counties, districts, then the districts' municipality
    expect(subgraph.database.statements.total).toBeLessThanOrEqual(4);
  });

  it('lists a county’s municipalities and serves the published population with its source', async () => {
    const { body } = await postToSubgraph(
      subgraph,
      /* GraphQL */ `
        {
          county(code: "09") {
            name
            municipalities {
              code
              name
            }
          }
          municipality(code: "0180") {
            population(year: 2009) {
              value
              unit
              suppressed
              source {
                name
                publisher
                table
                period
                licence
                url
                synthetic
              }
            }
          }
        }
      `,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.county).toEqual({ name: 'Gotlands län', municipalities: [{ code: '0980', name: 'Gotland' }] });
    // Stockholm on 31 December 2009 per SCB (Kolada N01951).
    expect(body.data!.municipality.population).toEqual({
      value: 829_417,
      unit: 'inhabitants',
      suppressed: false,
      source: {
        name: 'Kolada N01951: Invånare totalt, antal',
        publisher: 'SCB (population statistics BE0101), via Kolada',
        table: 'N01951',
        period: '2009',
        licence: 'CC0 (SCB open data); "Källa: Kolada"',
        url: 'https://www.kolada.se/verktyg/fri-sokning/?kpis=N01951',
        synthetic: false,
      },
    });
  });

  it('answers BAD_USER_INPUT, not an internal error, for a key the database cannot take', async () => {
    const { body } = await postToSubgraph(
      subgraph,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Municipality { name } } }`,
      { r: [{ __typename: 'Municipality', code: 'a\u0000b' }] },
    );
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(body.errors![0].message).not.toMatch(/SELECT|municipality"/);
  });

  it('refuses malformed key arguments with BAD_USER_INPUT naming the argument', async () => {
    const { body } = await postToSubgraph(subgraph, `{ urbanDistrict(id: "Rinkeby; DROP TABLE x") { name } }`);
    expect(body.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'id' } });
    const { body: ok } = await postToSubgraph(subgraph, `{ urbanDistrict(id: "0180-nowhere") { name } }`);
    expect(ok).toEqual({ data: { urbanDistrict: null } });
  });
});
