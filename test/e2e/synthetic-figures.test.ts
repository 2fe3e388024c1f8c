import { readSuppressionThresholds, type RunningSubgraph } from '@samverkan/common';
import { subgraphDefinitions } from '../../subgraphs/registry';
import { databaseKind } from '../support/database';
import { postToSubgraph } from '../support/graphql';
import { startTestSubgraph } from '../support/subgraph';

/**
 * A subgraph configured as production is by default (`SYNTHETIC_FIGURES`
 * off): every synthetic figure is withheld, still labelled synthetic, and
 * every published one is served as before.
 */
const police = subgraphDefinitions.find((d) => d.name === 'police')!;
const figures = /* GraphQL */ `
  {
    _entities(
      representations: [
        { __typename: "Municipality", code: "0180" }
        { __typename: "UrbanDistrict", id: "0180-rinkeby" }
      ]
    ) {
      ... on Municipality {
        reportedCrimesSeries(from: 2007, to: 2008) {
          points {
            year
            value
            suppressed
            source {
              synthetic
            }
          }
        }
      }
      ... on UrbanDistrict {
        reportedCrimes(year: 2010) {
          value
          suppressed
          source {
            synthetic
          }
        }
      }
    }
  }
`;

describe(`synthetic figures switched off (${databaseKind})`, () => {
  let served: RunningSubgraph;
  let withheld: RunningSubgraph;

  beforeAll(async () => {
    served = await startTestSubgraph(police, 'samverkan_synthetic_on_');
    withheld = await startTestSubgraph(police, 'samverkan_synthetic_off_', {
      suppression: readSuppressionThresholds({}, false),
    });
  }, 120_000);
  afterAll(async () => {
    await served?.stop();
    await withheld?.stop();
  });

  it('are withheld, still labelled synthetic, while published figures are served', async () => {
    const on = await postToSubgraph(served, figures);
    const off = await postToSubgraph(withheld, figures);
    expect(on.body.errors).toBeUndefined();
    expect(off.body.errors).toBeUndefined();
    const [municipalityOn, districtOn] = on.body.data!._entities;
    const [municipalityOff, districtOff] = off.body.data!._entities;
    // 2007 is modelled, 2008 published (Kolada): where served, both have values.
    expect(municipalityOn.reportedCrimesSeries.points).toEqual([
      { year: 2007, value: expect.any(Number), suppressed: false, source: { synthetic: true } },
      { year: 2008, value: expect.any(Number), suppressed: false, source: { synthetic: false } },
    ]);
    expect(municipalityOff.reportedCrimesSeries.points).toEqual([
      { year: 2007, value: null, suppressed: true, source: { synthetic: true } },
      municipalityOn.reportedCrimesSeries.points[1],
    ]);
    expect(districtOn.reportedCrimes).toEqual({
      value: expect.any(Number),
      suppressed: false,
      source: { synthetic: true },
    });
    expect(districtOff.reportedCrimes).toEqual({ value: null, suppressed: true, source: { synthetic: true } });
  });
});
