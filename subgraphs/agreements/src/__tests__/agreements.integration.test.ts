import { loadAgreementMunicipalities, loadUrbanDistricts, type RunningSubgraph } from '@samverkan/common';
import { databaseKind } from '../../../../test/support/database';
import { postToSubgraph } from '../../../../test/support/graphql';
import { schemaDrift, startTestSubgraph } from '../../../../test/support/subgraph';
import { AgreementDistrict, AgreementRenewal, LocalDevelopmentAgreement, Partnership } from '../entities';
import { agreementsSubgraph } from '../server';

/** The districts that continued as URBAN 15 in 2012–2014. */
const urban15Districts = loadUrbanDistricts().filter((d) => d.confidence === 'verified');
/** One URBAN 15 renewal per municipality with such a district, in municipality order. */
const urban15Ids = [...new Set(urban15Districts.map((d) => d.municipalityCode))]
  .sort()
  .map((c) => `lua-2012-2014-${c}`);

describe(`agreements subgraph (${databaseKind})`, () => {
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    subgraph = await startTestSubgraph(agreementsSubgraph, 'samverkan_it_');
  });
  afterAll(() => subgraph?.stop());

  it('has migrations that match its entities exactly', async () => {
    expect(await schemaDrift(subgraph.database.dataSource)).toEqual([]);
  });

  it('seeds 21 agreements over 38 districts with five partners each, and their URBAN 15 renewals', async () => {
    const { manager } = subgraph.database.dataSource;
    expect(await manager.count(LocalDevelopmentAgreement)).toBe(21 + urban15Ids.length);
    expect(await manager.count(AgreementDistrict)).toBe(38 + urban15Districts.length);
    expect(await manager.count(Partnership)).toBe((21 + urban15Ids.length) * 5);
    const renewals = await manager.find(AgreementRenewal, { order: { successorId: 'ASC' } });
    expect(renewals.map((r) => r.successorId)).toEqual(urban15Ids);
    expect(renewals.every((r) => r.predecessorId === r.successorId.replace('2012-2014', '2008-2010'))).toBe(true);
  });

  it('links each renewal both ways and carries its partners, goal areas and decision over', async () => {
    const { body } = await postToSubgraph(
      subgraph,
      /* GraphQL */ `
        {
          rinkeby: agreement(id: "lua-2012-2014-0180") {
            title
            period {
              start
              end
            }
            districts {
              id
            }
            focusAreas
            decision {
              reference
            }
            partners {
              role
            }
            predecessor {
              id
              successor {
                id
              }
            }
            successor {
              id
            }
          }
          haninge: agreement(id: "lua-2008-2010-0136") {
            predecessor {
              id
            }
            successor {
              id
            }
          }
        }
      `,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.rinkeby).toEqual({
      title: 'URBAN 15 2012–2014, Stockholm',
      period: { start: '2012-01-01', end: '2014-12-31' },
      districts: [{ id: '0180-rinkeby' }, { id: '0180-tensta' }],
      focusAreas: ['WORK', 'EDUCATION', 'SAFETY', 'GROWTH'],
      decision: { reference: 'IJ2008/56/IU' },
      partners: ['MUNICIPALITY', 'STATE_AUTHORITY', 'STATE_AUTHORITY', 'STATE_AUTHORITY', 'HOUSING_COMPANY'].map(
        (role) => ({ role }),
      ),
      predecessor: { id: 'lua-2008-2010-0180', successor: { id: 'lua-2012-2014-0180' } },
      successor: null,
    });
    // Haninge did not continue in URBAN 15.
    expect(body.data!.haninge).toEqual({ predecessor: null, successor: null });
  });

  it('records the government decision the agreements rest on', async () => {
    const { body } = await postToSubgraph(
      subgraph,
      /* GraphQL */ `
        {
          agreement(id: "lua-2008-2010-0136") {
            title
            decision {
              reference
              decidedOn
              ordinance
              ministry
            }
          }
        }
      `,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.agreement).toEqual({
      title: 'Lokalt utvecklingsavtal 2008–2010, Haninge',
      decision: {
        reference: 'IJ2008/56/IU',
        decidedOn: '2008-05-22',
        ordinance: 'SFS 2008:348',
        ministry: 'Integrations- och jämställdhetsdepartementet',
      },
    });
  });

  it('lists the partners by role, the municipality first, the housing company flagged illustrative', async () => {
    const { body } = await postToSubgraph(
      subgraph,
      /* GraphQL */ `
        {
          agreement(id: "lua-2008-2010-0180") {
            partners {
              role
              representedBy
              partner {
                __typename
                ... on Municipality {
                  code
                }
                ... on PoliceAuthority {
                  id
                }
                ... on Arbetsformedlingen {
                  id
                }
                ... on Forsakringskassan {
                  id
                }
                ... on Organisation {
                  name
                  illustrative
                }
              }
            }
          }
        }
      `,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.agreement.partners).toEqual([
      {
        role: 'MUNICIPALITY',
        representedBy: 'Stockholm kommun',
        partner: { __typename: 'Municipality', code: '0180' },
      },
      {
        role: 'STATE_AUTHORITY',
        representedBy: 'Polismyndigheten i Stockholms län',
        partner: { __typename: 'PoliceAuthority', id: 'polisen' },
      },
      {
        role: 'STATE_AUTHORITY',
        representedBy: null,
        partner: { __typename: 'Arbetsformedlingen', id: 'arbetsformedlingen' },
      },
      {
        role: 'STATE_AUTHORITY',
        representedBy: null,
        partner: { __typename: 'Forsakringskassan', id: 'forsakringskassan' },
      },
      {
        role: 'HOUSING_COMPANY',
        representedBy: null,
        partner: {
          __typename: 'Organisation',
          name: 'Kommunalt bostadsbolag i Stockholm (illustrative)',
          illustrative: true,
        },
      },
    ]);
  });

  it('filters agreements by municipality and by the year they are in force', async () => {
    const { body } = await postToSubgraph(
      subgraph,
      /* GraphQL */ `
        {
          inForce2009: agreements(activeInYear: 2009) {
            id
          }
          inForce2012: agreements(activeInYear: 2012) {
            id
          }
          malmo: agreements(municipalityCode: "1280") {
            id
            continuedInUrban15
          }
        }
      `,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.inForce2009).toHaveLength(21);
    // The URBAN 15 renewals, one per municipality with a verified district.
    expect(body.data!.inForce2012.map((a: { id: string }) => a.id)).toEqual(urban15Ids);
    expect(body.data!.malmo).toEqual([
      { id: 'lua-2008-2010-1280', continuedInUrban15: true },
      { id: 'lua-2012-2014-1280', continuedInUrban15: false },
    ]);
  });

  it('filters agreements by county, police region and goal area, every filter given applying', async () => {
    // One agreement in one goal area, so that the goal-area filter has something to leave out.
    const { manager } = subgraph.database.dataSource;
    await manager.insert(LocalDevelopmentAgreement, {
      id: 'lua-test-safety-0127',
      title: 'Test agreement, safety only',
      municipalityCode: '0127',
      decisionId: 'ij2008-56-iu',
      periodStart: '2011-01-01',
      periodEnd: '2011-12-31',
      focusAreas: ['SAFETY'],
      continuedInUrban15: false,
    });
    try {
      const { body } = await postToSubgraph(
        subgraph,
        /* GraphQL */ `
          {
            stockholmsLan: agreements(countyCode: "01") {
              id
            }
            regionSyd: agreements(policeRegionCode: "5600") {
              id
            }
            safety: agreements(focusArea: SAFETY) {
              id
            }
            work: agreements(focusArea: WORK) {
              id
            }
            workInStockholmsLan2011: agreements(countyCode: "01", focusArea: WORK, activeInYear: 2011) {
              id
            }
            safetyInStockholmsLan2011: agreements(countyCode: "01", focusArea: SAFETY, activeInYear: 2011) {
              id
            }
            noSuchCounty: agreements(countyCode: "99") {
              id
            }
          }
        `,
      );
      expect(body.errors).toBeUndefined();
      const ids = (list: { id: string }[]) => list.map((a) => a.id);
      const ofMunicipalities = (filter: (m: { countyCode: string; policeRegionName: string }) => boolean) =>
        loadAgreementMunicipalities()
          .filter(filter)
          .map((m) => `lua-2008-2010-${m.code}`)
          .sort();
      expect(
        ids(body.data!.stockholmsLan)
          .filter((id: string) => id.startsWith('lua-2008'))
          .sort(),
      ).toEqual(ofMunicipalities((m) => m.countyCode === '01'));
      expect(ids(body.data!.stockholmsLan)).toContain('lua-test-safety-0127');
      expect(
        ids(body.data!.regionSyd)
          .filter((id: string) => id.startsWith('lua-2008'))
          .sort(),
      ).toEqual(ofMunicipalities((m) => m.policeRegionName === 'Syd'));
      expect(ids(body.data!.safety)).toHaveLength(21 + urban15Ids.length + 1);
      expect(ids(body.data!.work)).toHaveLength(21 + urban15Ids.length);
      expect(ids(body.data!.work)).not.toContain('lua-test-safety-0127');
      expect(body.data!.workInStockholmsLan2011).toEqual([]);
      expect(ids(body.data!.safetyInStockholmsLan2011)).toEqual(['lua-test-safety-0127']);
      expect(body.data!.noSuchCounty).toEqual([]);
    } finally {
      await manager.delete(LocalDevelopmentAgreement, { id: 'lua-test-safety-0127' });
    }
  });

  it('refuses a malformed county or police region code with BAD_USER_INPUT naming the argument', async () => {
    for (const [argument, value] of [
      ['countyCode', '1'],
      ['policeRegionCode', 'Syd'],
    ]) {
      const { body } = await postToSubgraph(subgraph, `{ agreements(${argument}: "${value}") { id } }`);
      expect(body.data?.agreements ?? null).toBeNull();
      expect(body.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument } });
    }
  });

  it('refuses an impossible year with BAD_USER_INPUT naming the argument', async () => {
    const { body } = await postToSubgraph(subgraph, `{ agreements(activeInYear: 20090) { id } }`);
    expect(body.errors![0]).toMatchObject({
      message: expect.stringContaining('activeInYear'),
      extensions: { code: 'BAD_USER_INPUT', argument: 'activeInYear' },
    });
  });

  it('adds agreements to authorities, municipalities and districts in one statement per type', async () => {
    subgraph.database.statements.reset();
    const { body } = await postToSubgraph(
      subgraph,
      /* GraphQL */ `
        query ($representations: [_Any!]!) {
          _entities(representations: $representations) {
            ... on PoliceAuthority {
              agreements {
                id
              }
            }
            ... on Arbetsformedlingen {
              agreements {
                id
              }
            }
            ... on Municipality {
              code
              agreements {
                id
              }
            }
            ... on UrbanDistrict {
              id
              agreements {
                id
              }
            }
          }
        }
      `,
      {
        representations: [
          { __typename: 'PoliceAuthority', id: 'polisen' },
          { __typename: 'Arbetsformedlingen', id: 'arbetsformedlingen' },
          { __typename: 'Municipality', code: '0136' },
          { __typename: 'Municipality', code: '2584' },
          { __typename: 'UrbanDistrict', id: '0180-rinkeby' },
          { __typename: 'UrbanDistrict', id: '0180-tensta' },
        ],
      },
    );
    expect(body.errors).toBeUndefined();
    const [police, af, haninge, kiruna, rinkeby, tensta] = body.data!._entities;
    expect(police.agreements).toHaveLength(21 + urban15Ids.length);
    expect(af.agreements).toHaveLength(21 + urban15Ids.length);
    expect(haninge.agreements).toEqual([{ id: 'lua-2008-2010-0136' }]);
    expect(kiruna.agreements).toEqual([]);
    expect(rinkeby.agreements).toEqual([{ id: 'lua-2008-2010-0180' }, { id: 'lua-2012-2014-0180' }]);
    expect(tensta.agreements).toEqual([{ id: 'lua-2008-2010-0180' }, { id: 'lua-2012-2014-0180' }]);
    // partners, municipalities, districts
    expect(subgraph.database.statements.total).toBe(3);
  });
});
