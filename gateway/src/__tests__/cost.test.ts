import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import {
  buildSchema,
  getIntrospectionQuery,
  graphqlSync,
  Kind,
  parse,
  validate,
  type FragmentDefinitionNode,
  type GraphQLSchema,
} from 'graphql';
import { loadRegisteredOperations } from '../../../schema/operations';
import { defaultSupergraphFile, readGatewayConfig } from '../config';
import { listSizesFromSupergraph } from '../../../schema/list-sizes';
import { costLimitRule, operationCost } from '../cost';

function costErrors(
  schema: GraphQLSchema,
  document: string,
  maxCost: number,
  listSize = 10,
  sizes: Record<string, number> = {},
) {
  return validate(schema, parse(document), [
    costLimitRule(maxCost, { assumedListSize: listSize, listSizes: () => sizes }),
  ]).map((e) => e.message);
}

/** The estimated cost of a document's one operation under the supergraph's list lengths. */
function cost(schema: GraphQLSchema, document: string, sizes: Record<string, number>): number {
  const parsed = parse(document);
  const operation = parsed.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragment = (name: string) =>
    parsed.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name) as
      FragmentDefinitionNode | undefined;
  return operationCost({ getSchema: () => schema, getFragment: fragment }, operation, {
    assumedListSize: 10,
    listSizes: () => sizes,
    ceiling: Number.MAX_SAFE_INTEGER,
  });
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

  it('uses known list lengths where it has them', () => {
    expect(costErrors(schema, '{ regions { name } }', 20, 10, { 'Query.regions': 300 })).toHaveLength(1);
    expect(costErrors(schema, '{ regions { name } }', 20, 10)).toEqual([]);
  });

  it('asks for the list lengths at each validation, so a reloaded supergraph’s lengths count from the next operation', () => {
    let sizes: Record<string, number> = { 'Query.regions': 300 };
    const rule = costLimitRule(20, { assumedListSize: 10, listSizes: () => sizes });
    const errors = () => validate(schema, parse('{ regions { name } }'), [rule]);
    expect(errors()).toHaveLength(1);
    // A supergraph without that size: the list counts as the assumed 10 again.
    sizes = {};
    expect(errors()).toEqual([]);
  });

  describe('filter arguments', () => {
    const filtered = buildSchema(/* GraphQL */ `
      type Query {
        towns(regionName: String, startingWith: String, first: Int): [Town!]!
      }
      type Town {
        name: String!
      }
    `);
    const sizes = { 'Query.towns': 100, 'Query.towns(regionName)': 20, 'Query.towns(startingWith)': 5 };
    // towns (n × (1 + name 1)): 200 unfiltered, 40 for one region, 10 starting with one letter.
    const costOf = (document: string) => cost(filtered, document, sizes);

    it('count a filtered list as long as the filter allows', () => {
      expect(costOf('{ towns { name } }')).toBe(200);
      expect(costOf('{ towns(regionName: "Syd") { name } }')).toBe(40);
    });

    it('take the smallest length among the filters given, since each narrows the list', () => {
      expect(costOf('{ towns(regionName: "Syd", startingWith: "A") { name } }')).toBe(10);
    });

    it('narrow nothing with an argument that has no filtered length, a null, or a variable that may be null', () => {
      expect(costOf('{ towns(first: 3) { name } }')).toBe(200);
      expect(costOf('{ towns(regionName: null) { name } }')).toBe(200);
      expect(costOf('query ($r: String) { towns(regionName: $r) { name } }')).toBe(200);
      expect(costOf('query ($r: String = "Syd") { towns(regionName: $r) { name } }')).toBe(200);
      expect(costOf('query ($r: String!) { towns(regionName: $r) { name } }')).toBe(40);
    });

    it('judge a variable in a fragment by how the operation declares it', () => {
      const fragment = 'fragment T on Query { towns(regionName: $r) { name } }';
      expect(costOf(`query ($r: String!) { ...T } ${fragment}`)).toBe(41);
      expect(costOf(`query ($r: String) { ...T } ${fragment}`)).toBe(201);
    });
  });

  it('costs a fragment once however often it is spread, so the estimate stays cheap', () => {
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`);
    const query = `query Q { ...F0 } ${fragments.join(' ')} fragment F${levels} on Query { ...Missing }`;
    const started = Date.now();
    costErrors(schema, query, 1_000);
    expect(Date.now() - started).toBeLessThan(1_000);
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

  it('lets every registered operation through under the default limit, and refuses nested-list bombs', () => {
    const limits = readGatewayConfig({}).limits;
    const supergraphSdl = readFileSync(defaultSupergraphFile, 'utf8');
    const api = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
    const sizes = listSizesFromSupergraph(supergraphSdl);
    const errors = (document: string) => costErrors(api, document, limits.maxCost, limits.assumedListSize, sizes);
    for (const op of loadRegisteredOperations()) {
      expect({ op: op.name, errors: errors(op.document) }).toEqual({ op: op.name, errors: [] });
    }
    expect(errors('{ municipalities { code name county { name } } }')).toEqual([]);
    expect(
      errors('{ municipalities { county { municipalities { county { municipalities { districts { id } } } } } } }'),
    ).toHaveLength(1);
    // One county's municipalities cost the same asked at the root with a filter as asked through the county:
    // the lists are estimated alike, and the second query differs only by the one field it selects more,
    // `county` itself (every field costs 1).
    const perMunicipality = 'code name agreements { title districts { id name population(year: 2009) { value } } }';
    const filteredCost = cost(api, `{ municipalities(countyCode: "01") { ${perMunicipality} } }`, sizes);
    const throughCounty = cost(api, `{ county(code: "01") { municipalities { ${perMunicipality} } } }`, sizes);
    expect(throughCounty).toBe(filteredCost + 1);
    expect(errors(`{ municipalities(countyCode: "01") { ${perMunicipality} } }`)).toEqual([]);
    expect(errors(`query ($county: ID!) { municipalities(countyCode: $county) { ${perMunicipality} } }`)).toEqual([]);
    // Without the filter, every municipality of the country: refused.
    expect(errors(`{ municipalities { ${perMunicipality} } }`)).toHaveLength(1);
    // Three aliases of a nested list that a uniform list size of 10 would have let through.
    const nested = 'municipalities { county { municipalities { county { municipalities { code name } } } } }';
    expect(errors(`{ a: ${nested} b: ${nested} c: ${nested} }`)).toHaveLength(1);
  });

  it('costs introspection about what it answers, so copies under aliases add up', () => {
    const supergraphSdl = readFileSync(defaultSupergraphFile, 'utf8');
    const api = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
    const sizes = listSizesFromSupergraph(supergraphSdl);
    const query = getIntrospectionQuery({
      descriptions: true,
      directiveIsRepeatable: true,
      inputValueDeprecation: true,
    });
    const document = parse(query);
    const fragments = new Map(
      document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
    );
    const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
    const cost = operationCost(
      { getSchema: () => api, getFragment: (name) => fragments.get(name) },
      operation as never,
      { assumedListSize: 10, listSizes: () => sizes, ceiling: Infinity },
    );
    let values = 0;
    const count = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(count);
      else if (value && typeof value === 'object') {
        for (const v of Object.values(value)) {
          values += 1;
          count(v);
        }
      }
    };
    count(graphqlSync({ schema: api, source: query }).data);
    expect(cost / values).toBeGreaterThan(0.8);
    expect(cost / values).toBeLessThan(1.25);
  });
});
