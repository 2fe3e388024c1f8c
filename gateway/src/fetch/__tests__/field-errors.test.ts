import { parse } from 'graphql';
import { entityIndexes, fieldErrorsForFailedFetch, type FetchFailure } from '../field-errors';

const failure: FetchFailure = { code: 'SUBGRAPH_TIMEOUT', message: 'The police subgraph did not answer.' };
const extensions = { code: 'SUBGRAPH_TIMEOUT', subgraph: 'police' };

describe('errors for a failed fetch', () => {
  it('puts one error on every root field of a root fetch, under its alias', () => {
    const document = parse(/* GraphQL */ `
      query {
        police {
          name
        }
        regions: policeRegions {
          code
        }
        __typename
      }
    `);
    expect(fieldErrorsForFailedFetch(document, failure, 'police', undefined, (j) => j)).toEqual([
      { message: failure.message, path: ['police'], extensions },
      { message: failure.message, path: ['regions'], extensions },
    ]);
  });

  it('puts errors on the fields each entity would have received, by its type, through fragments', () => {
    const document = parse(/* GraphQL */ `
      query ($representations: [_Any!]!, $year: Int!) {
        _entities(representations: $representations) {
          ... on UrbanDistrict {
            __typename
            vulnerability {
              listYear
            }
            crimes: reportedCrimes(year: $year) {
              value
            }
          }
          ...AuthorityName
        }
      }
      fragment AuthorityName on PoliceAuthority {
        name
      }
    `);
    const representations = [
      { __typename: 'PoliceAuthority', id: 'polisen' },
      { __typename: 'UrbanDistrict', id: '0180-rinkeby' },
    ];
    const errors = fieldErrorsForFailedFetch(document, failure, 'police', representations, (j) => [3, 5][j]);
    expect(errors.map((e) => e.path)).toEqual([
      ['_entities', 3, 'name'],
      ['_entities', 5, 'vulnerability'],
      ['_entities', 5, 'crimes'],
    ]);
  });
});

describe('entity positions for error paths', () => {
  // Partners of two agreements: a municipality, the police, an organisation; the police fetch asks for the police.
  const root = {
    agreements: [
      {
        partners: [
          { partner: { __typename: 'Municipality', code: '0180' } },
          { partner: { __typename: 'PoliceAuthority', id: 'polisen' } },
          { partner: null },
        ],
      },
      {
        partners: [
          { partner: { __typename: 'Organisation', id: 'x' } },
          { partner: { __typename: 'PoliceAuthority', id: 'polisen' } },
        ],
      },
    ],
  };
  const path = ['agreements', '@', 'partners', '@', 'partner'];

  it('counts every non-null object at the path, as the gateway does, and finds each representation’s', () => {
    const police = [
      { __typename: 'PoliceAuthority', id: 'polisen' },
      { __typename: 'PoliceAuthority', id: 'polisen' },
    ];
    expect(entityIndexes(root, path, police)).toEqual([1, 3]);
  });

  it('gives up rather than guess when the answer does not hold the representations', () => {
    expect(entityIndexes(root, path, [{ __typename: 'Forsakringskassan' }])).toBeUndefined();
    expect(entityIndexes({}, path, [{ __typename: 'PoliceAuthority' }])).toBeUndefined();
  });
});
