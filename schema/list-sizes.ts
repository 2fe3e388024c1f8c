/**
 * List lengths declared with the cost spec's `@listSize(assumedSize: N)`.
 * Each subgraph states in its SDL how long its lists can get; composition
 * carries that into the supergraph, where the gateway's cost estimate reads
 * it. Both functions here are pure: they read a document and touch nothing.
 */
import {
  Kind,
  parse,
  type ConstDirectiveNode,
  type ConstValueNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type TypeNode,
} from 'graphql';

const linkSpec = 'https://specs.apollo.dev/link/';
const federationSpec = 'https://specs.apollo.dev/federation/';
const costSpec = 'https://specs.apollo.dev/cost/';
/** Our own spec of `@filteredSize`, composed into the supergraph with `@composeDirective`. */
export const filteredSizeSpec = 'https://samverkan.example/cost/';

/** The namespace a spec's elements get when its `@link` has no `as:`: the URL's name segment. */
const defaultNamespaces: Record<string, string> = {
  [federationSpec]: 'federation',
  [costSpec]: 'cost',
  [filteredSizeSpec]: 'cost',
};

function stringValue(value: ConstValueNode | undefined): string | undefined {
  return value?.kind === Kind.STRING ? value.value : undefined;
}

function argument(directive: ConstDirectiveNode, name: string): ConstValueNode | undefined {
  return directive.arguments?.find((a) => a.name.value === name)?.value;
}

function schemaDirectives(document: DocumentNode): readonly ConstDirectiveNode[] {
  return document.definitions.flatMap((d) =>
    d.kind === Kind.SCHEMA_DEFINITION || d.kind === Kind.SCHEMA_EXTENSION ? (d.directives ?? []) : [],
  );
}

/**
 * The names under which `document` can apply `directive` of the specs whose
 * URLs start with one of `specs`, following its `@link`s as the link spec
 * says: an import's name or alias if the directive is imported, otherwise
 * `namespace__directive`, the namespace being the link's `as:` or the spec's
 * own name. `@link` may itself be renamed, so links are found by their URL.
 */
function linkedDirectiveNames(document: DocumentNode, specs: readonly string[], directive: string): Set<string> {
  const directives = schemaDirectives(document);
  const linkNames = new Set(['link']);
  for (const d of directives) {
    if (stringValue(argument(d, 'url'))?.startsWith(linkSpec)) linkNames.add(d.name.value);
  }
  const names = new Set<string>();
  for (const link of directives) {
    if (!linkNames.has(link.name.value)) continue;
    const url = stringValue(argument(link, 'url'));
    const spec = specs.find((s) => url?.startsWith(s));
    if (!spec) continue;
    let imported: string | undefined;
    const imports = argument(link, 'import');
    for (const item of imports?.kind === Kind.LIST ? imports.values : []) {
      if (item.kind === Kind.STRING && item.value === `@${directive}`) imported = directive;
      if (item.kind === Kind.OBJECT) {
        const field = (name: string) => stringValue(item.fields.find((f) => f.name.value === name)?.value);
        if (field('name') === `@${directive}`) imported = (field('as') ?? `@${directive}`).replace(/^@/, '');
      }
    }
    names.add(imported ?? `${stringValue(argument(link, 'as')) ?? defaultNamespaces[spec]}__${directive}`);
  }
  return names;
}

function isListType(type: TypeNode): boolean {
  return type.kind === Kind.LIST_TYPE || (type.kind === Kind.NON_NULL_TYPE && type.type.kind === Kind.LIST_TYPE);
}

/** The fields of a document's object and interface types, extensions included. */
function fieldsOfTypes(
  document: DocumentNode,
): { type: string; typeDirectives: readonly ConstDirectiveNode[]; field: FieldDefinitionNode }[] {
  return document.definitions.flatMap((d) =>
    d.kind === Kind.OBJECT_TYPE_DEFINITION ||
    d.kind === Kind.OBJECT_TYPE_EXTENSION ||
    d.kind === Kind.INTERFACE_TYPE_DEFINITION ||
    d.kind === Kind.INTERFACE_TYPE_EXTENSION
      ? (d.fields ?? []).map((field) => ({ type: d.name.value, typeDirectives: d.directives ?? [], field }))
      : [],
  );
}

/** The `assumedSize` of the first of `field`'s directives named in `names`, if it gives one. */
function assumedSize(field: FieldDefinitionNode, names: ReadonlySet<string>): number | undefined {
  const directive = field.directives?.find((d) => names.has(d.name.value));
  const value = directive && argument(directive, 'assumedSize');
  return value?.kind === Kind.INT ? Number(value.value) : undefined;
}

/** The `(argument, assumedSize)` of each of `field`'s `@filteredSize`s (under any of `names`). */
function filteredSizes(field: FieldDefinitionNode, names: ReadonlySet<string>): [string, number][] {
  return (field.directives ?? []).flatMap((directive) => {
    if (!names.has(directive.name.value)) return [];
    const name = stringValue(argument(directive, 'argument'));
    const size = argument(directive, 'assumedSize');
    return name !== undefined && size?.kind === Kind.INT ? [[name, Number(size.value)] as [string, number]] : [];
  });
}

/**
 * The list lengths a composed supergraph declares, by `Type.field` (e.g.
 * `Query.municipalities` → 300), read from `@listSize(assumedSize:)` under
 * whatever name the supergraph's `@link` to the cost spec gives it
 * (`@listSize`, an import alias, or `@cost__listSize`). A supergraph that
 * links no cost spec declares none: the result is empty, and every list
 * counts as the gateway's default length.
 *
 * A list also has a length per filter argument where a subgraph declares one
 * with `@filteredSize(argument:, assumedSize:)` (our spec, composed into the
 * supergraph), by `Type.field(argument)`: `Query.municipalities(countyCode)`
 * → 60, the most municipalities one county has, so that asking for one
 * county's municipalities costs the same at the root as through `county`.
 */
export function listSizesFromSupergraph(supergraphSdl: string): Record<string, number> {
  const document = parse(supergraphSdl);
  const names = linkedDirectiveNames(document, [costSpec], 'listSize');
  const filterNames = linkedDirectiveNames(document, [filteredSizeSpec], 'filteredSize');
  const sizes: Record<string, number> = {};
  for (const { type, field } of fieldsOfTypes(document)) {
    const coordinate = `${type}.${field.name.value}`;
    const size = assumedSize(field, names);
    if (size !== undefined) sizes[coordinate] = size;
    for (const [name, filtered] of filteredSizes(field, filterNames)) sizes[`${coordinate}(${name})`] = filtered;
  }
  return sizes;
}

/**
 * The `Type.field` coordinates of one subgraph's list fields (on object and
 * interface types, root types included) that declare no
 * `@listSize(assumedSize:)`, in document order; empty when every list is
 * sized. The directive counts under the name the subgraph's own `@link`s give
 * it: `@listSize` or its alias if imported from the federation (>= 2.9) or
 * cost spec, `@federation__listSize` (or the link's `as:` namespace) if not.
 * A `@listSize` with only `slicingArguments` gives the gateway no length, so
 * it does not count. Fields marked `@external`, or on a type marked so, are
 * another subgraph's to size and are left out. A Federation 1 subgraph (no
 * federation `@link`) cannot declare sizes: all its list fields are listed.
 */
export function listFieldsWithoutSize(typeDefs: DocumentNode): string[] {
  const sizeNames = linkedDirectiveNames(typeDefs, [federationSpec, costSpec], 'listSize');
  const externalNames = linkedDirectiveNames(typeDefs, [federationSpec], 'external');
  const external = (directives: readonly ConstDirectiveNode[] | undefined) =>
    directives?.some((d) => externalNames.has(d.name.value)) ?? false;
  return fieldsOfTypes(typeDefs)
    .filter(
      ({ typeDirectives, field }) => isListType(field.type) && !external(typeDirectives) && !external(field.directives),
    )
    .filter(({ field }) => assumedSize(field, sizeNames) === undefined)
    .map(({ type, field }) => `${type}.${field.name.value}`);
}
