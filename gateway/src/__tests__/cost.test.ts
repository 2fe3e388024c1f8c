import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { buildSchema, parse, validate, type GraphQLSchema } from 'graphql';
import { loadRegisteredOperations } from '../../../schema/operations';
import { defaultSupergraphFile, readGatewayConfig } from '../config';
import { costLimitRule } from '../cost';

function costErrors(schema: GraphQLSchema, document: string, maxCost: number, listSize = 10) {
  return validate(schema, parse(document), [costLimitRule(maxCost, listSize)]).map((e) => e.message);
}

describe('list-aware cost limit', () => {
  const schema = buildSchema(/* GraphQL */ `
    type Query {
      regions: [Region!]!
      region: Region
    }
    type Region {
      name: String!
      towns: [Town!]!
    }
    type Town {
      name: String!
      region: Region!
    }
  `);

  it('multiplies what is selected under a list by the assumed list size', () => {
    // regions (10 × (1 + name 1 + towns 10 × (1 + name 1))) = 10 × 22 = 220
    const query = '{ regions { name towns { name } } }';
    expect(costErrors(schema, query, 220)).toEqual([]);
    expect(costErrors(schema, query, 219)).toEqual([expect.stringContaining('too expensive')]);
  });

  it('sees nested lists through fragments and does not loop on a fragment cycle', () => {
    const query = `
      { regions { ...R } }
      fragment R on Region { towns { region { towns { region { towns { name } } } } } }
    `;
    expect(costErrors(schema, query, 1_000)).toEqual([expect.stringContaining('too expensive')]);
    const cyclic = '{ region { ...A } } fragment A on Region { towns { region { ...A } } }';
    expect(() => costErrors(schema, cyclic, 1_000)).not.toThrow();
  });

  it('lets every registered operation through under the default limit, and refuses a nested-list bomb', () => {
    const limits = readGatewayConfig({ DEV_KEYS_DIR: '/tmp/samverkan-cost-test-keys' }).limits;
    const api = Supergraph.build(readFileSync(defaultSupergraphFile, 'utf8')).apiSchema().toGraphQLJSSchema();
    for (const op of loadRegisteredOperations()) {
      expect({ op: op.name, errors: costErrors(api, op.document, limits.maxCost, limits.assumedListSize) }).toEqual({
        op: op.name,
        errors: [],
      });
    }
    const bomb =
      '{ municipalities { county { municipalities { county { municipalities { districts { id name } } } } } } }';
    expect(costErrors(api, bomb, limits.maxCost, limits.assumedListSize)).toHaveLength(1);
  });
});
