import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { Kind, parse, type TypeNode } from 'graphql';
import YAML from 'yaml';
import { defaultConfigFile, defaultSupergraphFile } from '../compose';
import { listFieldsWithoutSize, listSizesFromSupergraph } from '../list-sizes';

/** The SDL files `schema/supergraph.yaml` composes, by subgraph name. */
function committedSubgraphs(): [string, string][] {
  const config = YAML.parse(readFileSync(defaultConfigFile, 'utf8')) as {
    subgraphs: Record<string, { schema: { file: string } }>;
  };
  return Object.entries(config.subgraphs).map(([name, { schema }]) => [
    name,
    resolve(dirname(defaultConfigFile), schema.file),
  ]);
}

const isList = (type: TypeNode) => (type.kind === Kind.NON_NULL_TYPE ? type.type : type).kind === Kind.LIST_TYPE;

function supergraphOf(...sdls: string[]): string {
  const result = composeServices(
    sdls.map((sdl, i) => ({ name: `s${i}`, url: `http://localhost:${4100 + i}/graphql`, typeDefs: parse(sdl) })),
  );
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.supergraphSdl;
}

describe('list sizes', () => {
  describe('in the committed subgraphs', () => {
    it.each(committedSubgraphs())('%s declares a size on every list field', (_name, file) => {
      expect(listFieldsWithoutSize(parse(readFileSync(file, 'utf8')))).toEqual([]);
    });

    it('reach the committed supergraph, where the gateway reads them', () => {
      const sizes = listSizesFromSupergraph(readFileSync(defaultSupergraphFile, 'utf8'));
      expect(sizes).toMatchObject({
        'Query.municipalities': 300,
        'County.municipalities': 60,
        'PoliceRegion.municipalities': 100,
        'Authority.agreements': 30,
        'Viewer.partnerIn': 30,
        // A filtered list as long as the entity's list it mirrors.
        'Query.municipalities(countyCode)': 60,
        'Query.vulnerableAreas(regionCode)': 30,
      });
      // Every list field of every subgraph arrives: none falls back to the gateway's default.
      const listFields = committedSubgraphs().flatMap(([, file]) =>
        parse(readFileSync(file, 'utf8')).definitions.flatMap((d) =>
          d.kind === Kind.OBJECT_TYPE_DEFINITION ||
          d.kind === Kind.OBJECT_TYPE_EXTENSION ||
          d.kind === Kind.INTERFACE_TYPE_DEFINITION ||
          d.kind === Kind.INTERFACE_TYPE_EXTENSION
            ? (d.fields ?? []).filter((f) => isList(f.type)).map((f) => `${d.name.value}.${f.name.value}`)
            : [],
        ),
      );
      const unfiltered = Object.keys(sizes).filter((coordinate) => !coordinate.includes('('));
      expect(unfiltered.sort()).toEqual([...new Set(listFields)].sort());
    });
  });

  describe('listFieldsWithoutSize', () => {
    it('names the list fields of object and interface types, extensions included, that declare no size', () => {
      const sdl = /* GraphQL */ `
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@listSize"])
        type Query {
          sized: [Item!]! @listSize(assumedSize: 5)
          unsized: [Item!]
          one: Item
        }
        interface Named {
          tags: [String!]!
        }
        type Item implements Named @key(fields: "id") {
          id: ID!
          tags: [String!]! @listSize(assumedSize: 3)
          "Sliced, but with no assumed size: the gateway has no length for it."
          page(first: Int): [Item!] @listSize(slicingArguments: ["first"], requireOneSlicingArgument: false)
        }
        extend type Query {
          more: [[Item]]
        }
        input Filter {
          codes: [ID!]
        }
      `;
      expect(listFieldsWithoutSize(parse(sdl))).toEqual(['Query.unsized', 'Named.tags', 'Item.page', 'Query.more']);
    });

    it('honours an import alias and the namespaced name, and nothing the @link does not give', () => {
      const aliased = /* GraphQL */ `
        extend schema
          @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", { name: "@listSize", as: "@size" }])
        type Query {
          a: [Int] @size(assumedSize: 2)
          b: [Int] @listSize(assumedSize: 2)
        }
      `;
      expect(listFieldsWithoutSize(parse(aliased))).toEqual(['Query.b']);
      const namespaced = /* GraphQL */ `
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
        type Query {
          a: [Int] @federation__listSize(assumedSize: 2)
          b: [Int] @listSize(assumedSize: 2)
        }
      `;
      expect(listFieldsWithoutSize(parse(namespaced))).toEqual(['Query.b']);
      const renamed = /* GraphQL */ `
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", as: "fed", import: ["@key"])
        type Query {
          a: [Int] @fed__listSize(assumedSize: 2)
          b: [Int] @federation__listSize(assumedSize: 2)
        }
      `;
      expect(listFieldsWithoutSize(parse(renamed))).toEqual(['Query.b']);
    });

    it('leaves out @external fields, which the subgraph that resolves them sizes', () => {
      const sdl = /* GraphQL */ `
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@external", "@requires"])
        type Municipality @key(fields: "code") {
          code: ID!
          districts: [String!] @external
          districtCount: Int @requires(fields: "districts")
        }
        type County @key(fields: "code") @external {
          code: ID!
          names: [String!]
        }
      `;
      expect(listFieldsWithoutSize(parse(sdl))).toEqual([]);
    });

    it('finds no size in a Federation 1 subgraph, which cannot declare one', () => {
      expect(listFieldsWithoutSize(parse('type Query { xs: [Int] @listSize(assumedSize: 2) }'))).toEqual(['Query.xs']);
    });
  });

  describe('listSizesFromSupergraph', () => {
    it('reads @listSize under the name composition gives it', () => {
      const imported = supergraphOf(`
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@listSize"])
        type Query { xs: [Int] @listSize(assumedSize: 7) ys: [Int] }
      `);
      expect(imported).toContain('@listSize(assumedSize: 7)');
      expect(listSizesFromSupergraph(imported)).toEqual({ 'Query.xs': 7 });
    });

    it('follows an import alias and a namespaced name into the supergraph', () => {
      const aliased = supergraphOf(`
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: [{ name: "@listSize", as: "@size" }])
        type Query { xs: [Int] @size(assumedSize: 7) }
      `);
      expect(aliased).toMatch(/cost\/v0\.1", import: \[\{name: "@listSize", as: "@size"\}\]/);
      expect(listSizesFromSupergraph(aliased)).toEqual({ 'Query.xs': 7 });
      const namespaced = supergraphOf(`
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
        type Query { xs: [Int] @federation__listSize(assumedSize: 9) }
      `);
      expect(listSizesFromSupergraph(namespaced)).toEqual({ 'Query.xs': 9 });
    });

    it('reads the cost spec’s own namespace, and nothing from a supergraph that does not link the spec', () => {
      const linked = `
        schema @link(url: "https://specs.apollo.dev/link/v1.0") @link(url: "https://specs.apollo.dev/cost/v0.1") { query: Query }
        directive @cost__listSize(assumedSize: Int) on FIELD_DEFINITION
        type Query { xs: [Int] @cost__listSize(assumedSize: 4) ys: [Int] @listSize(assumedSize: 5) }
      `;
      expect(listSizesFromSupergraph(linked)).toEqual({ 'Query.xs': 4 });
      const unlinked = supergraphOf(`
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
        type Query { xs: [Int] }
      `);
      expect(listSizesFromSupergraph(unlinked)).toEqual({});
    });
  });
});
