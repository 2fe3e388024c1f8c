import {
  getNamedType,
  GraphQLError,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type GraphQLType,
  type OperationDefinitionNode,
  type OperationTypeNode,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';

/** What costing needs of a document: its schema and its fragments (a ValidationContext has both). */
export interface CostContext {
  getSchema(): GraphQLSchema;
  getFragment(name: string): FragmentDefinitionNode | null | undefined;
}

const introspectionSizes = new WeakMap<GraphQLSchema, Record<string, number>>();

/**
 * How many objects each introspection field holds in this schema, on
 * average, so that an introspection query costs about what it answers: the
 * playground's full introspection about 3,400 here, close to the 3,414 values it answers, a copy of it under each
 * alias as much again. Averages, not maxima, since one `__schema` asks every
 * type for its fields and the total is what counts; and `ofType`, a single
 * object, counts as the share of type references that wrap another, since
 * the playground asks nine levels of it and most references end after one.
 */
function introspectionListSizes(schema: GraphQLSchema): Record<string, number> {
  const known = introspectionSizes.get(schema);
  if (known) return known;
  const types = Object.values(schema.getTypeMap());
  const directives = schema.getDirectives();
  const fields = types.flatMap((t) => (isObjectType(t) || isInterfaceType(t) ? Object.values(t.getFields()) : []));
  const inputFields = types.flatMap((t) => (isInputObjectType(t) ? Object.values(t.getFields()) : []));
  const args = [...fields.flatMap((f) => f.args), ...directives.flatMap((d) => d.args)];
  let wrappers = 0;
  for (const { type } of [...fields, ...inputFields, ...args]) {
    for (let t: GraphQLType = type; isNonNullType(t) || isListType(t); t = t.ofType) wrappers += 1;
  }
  const references = fields.length + inputFields.length + args.length;
  const perType = (count: number) => count / Math.max(1, types.length);
  const sizes = {
    '__Schema.types': types.length,
    '__Schema.directives': directives.length,
    '__Type.fields': perType(fields.length),
    '__Type.inputFields': perType(inputFields.length),
    '__Type.interfaces': perType(
      types.reduce((n, t) => n + (isObjectType(t) || isInterfaceType(t) ? t.getInterfaces().length : 0), 0),
    ),
    '__Type.possibleTypes': perType(
      types.reduce((n, t) => n + (isAbstractType(t) ? schema.getPossibleTypes(t).length : 0), 0),
    ),
    '__Type.enumValues': perType(types.reduce((n, t) => n + (isEnumType(t) ? t.getValues().length : 0), 0)),
    '__Type.ofType': wrappers / Math.max(1, wrappers + references),
    '__Field.args': fields.reduce((n, f) => n + f.args.length, 0) / Math.max(1, fields.length),
    '__Directive.args': directives.reduce((n, d) => n + d.args.length, 0) / Math.max(1, directives.length),
  };
  introspectionSizes.set(schema, sizes);
  return sizes;
}

/** A field's definition, the introspection entry points `__schema` and `__type` included. */
function fieldDefinition(parentType: GraphQLNamedType | undefined, name: string, schema: GraphQLSchema) {
  if (parentType === schema.getQueryType()) {
    if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  }
  return parentType && (isObjectType(parentType) || isInterfaceType(parentType))
    ? parentType.getFields()[name]
    : undefined;
}

/**
 * List lengths by `Type.field`, such as `Query.municipalities` (300), and
 * by `Type.field(argument)` when that filter argument is given, such as
 * `Query.municipalities(countyCode)` (60, the most municipalities a county has).
 */
export type ListSizes = Readonly<Record<string, number>>;

export interface CostModel {
  /** The length assumed for a list field `listSizes` gives no length for. */
  assumedListSize: number;
  /**
   * The known list lengths: those of the supergraph being served, which a
   * reload replaces, so they are asked for at each operation rather than
   * fixed when the rule is made.
   */
  listSizes: () => ListSizes;
  /** Stop counting past this: the answer is "too expensive" either way. */
  ceiling: number;
}

/**
 * A cost model with its list lengths read once, so that one operation is
 * costed against one supergraph's, and the variables of the operation that
 * cannot be null.
 */
type Snapshot = Omit<CostModel, 'listSizes'> & { listSizes: ListSizes; nonNullVariables: ReadonlySet<string> };

/**
 * The length of the list `key` as `field` asks for it: the declared length,
 * or, when filter arguments with a declared filtered length are given, the
 * smallest of those, since every filter given narrows the list. An argument
 * counts as given when it is a literal other than null or a variable the
 * operation declares non-null; a nullable variable may be null at run time
 * and validation does not see its value, so it narrows nothing.
 */
function listLength(key: string, field: FieldNode, model: Snapshot, fallback: number): number {
  let length = model.listSizes[key] ?? fallback;
  for (const argument of field.arguments ?? []) {
    const filtered = model.listSizes[`${key}(${argument.name.value})`];
    if (filtered === undefined || filtered >= length) continue;
    const { value } = argument;
    const given =
      value.kind === Kind.VARIABLE ? model.nonNullVariables.has(value.name.value) : value.kind !== Kind.NULL;
    if (given) length = filtered;
  }
  return length;
}

/**
 * Estimated cost of a selection: every field costs 1, and a field that
 * returns a list multiplies the cost of what is selected under it by the
 * list's length. Nested lists are what turn a small document into a huge
 * answer (municipalities → county → municipalities → …), which a cost model
 * without list multipliers does not see. A fragment is costed once and its
 * cost reused at every spread, so fragments spread many times cannot make
 * the estimate itself expensive.
 */
function selectionCost(
  context: CostContext,
  selectionSet: SelectionSetNode,
  parentType: GraphQLNamedType | undefined,
  model: Snapshot,
  fragmentCosts: Map<string, number>,
  fragmentsOnPath: ReadonlySet<string>,
): number {
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (total > model.ceiling) break;
    switch (selection.kind) {
      case Kind.FIELD: {
        if (!selection.selectionSet) {
          total += 1;
          break;
        }
        const definition = fieldDefinition(parentType, selection.name.value, context.getSchema());
        if (!definition) {
          total += 1;
          break;
        }
        const key = `${parentType!.name}.${definition.name}`;
        const introspected = parentType!.name.startsWith('__')
          ? introspectionListSizes(context.getSchema())[key]
          : undefined;
        let type: GraphQLOutputType = definition.type;
        let multiplier = 1;
        let listed = false;
        while (isNonNullType(type) || isListType(type)) {
          if (isListType(type)) {
            listed = true;
            multiplier *= listLength(key, selection, model, introspected ?? model.assumedListSize);
          }
          type = type.ofType;
        }
        // A single introspection object that is often absent (`ofType`) counts as often as it is there.
        if (!listed && introspected !== undefined) multiplier *= introspected;
        const below = selectionCost(
          context,
          selection.selectionSet,
          getNamedType(type),
          model,
          fragmentCosts,
          fragmentsOnPath,
        );
        total += multiplier * (1 + below);
        break;
      }
      case Kind.INLINE_FRAGMENT: {
        const type = selection.typeCondition
          ? context.getSchema().getType(selection.typeCondition.name.value)
          : parentType;
        total += selectionCost(
          context,
          selection.selectionSet,
          type ?? undefined,
          model,
          fragmentCosts,
          fragmentsOnPath,
        );
        break;
      }
      case Kind.FRAGMENT_SPREAD: {
        const name = selection.name.value;
        // Every spread costs something, even of an unknown fragment (graphql-js reports that one).
        total += 1;
        const known = fragmentCosts.get(name);
        if (known !== undefined) {
          total += known;
          break;
        }
        const fragment = context.getFragment(name);
        // A cycle is reported by graphql-js's own rule; here it only must not recurse forever.
        if (!fragment || fragmentsOnPath.has(name)) break;
        const type = context.getSchema().getType(fragment.typeCondition.name.value);
        const cost = selectionCost(
          context,
          fragment.selectionSet,
          type ?? undefined,
          model,
          fragmentCosts,
          new Set([...fragmentsOnPath, name]),
        );
        fragmentCosts.set(name, cost);
        total += cost;
        break;
      }
    }
  }
  return total;
}

/** The type an operation of this kind starts at; undefined where the schema has none (no mutations, say). */
export function rootTypeOf(schema: GraphQLSchema, kind: OperationTypeNode): GraphQLObjectType | undefined {
  const root =
    kind === 'query'
      ? schema.getQueryType()
      : kind === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  return root ?? undefined;
}

/** The estimated cost of one operation, counted up to `ceiling` (past it the exact figure does not matter). */
export function operationCost(
  context: CostContext,
  operation: OperationDefinitionNode,
  model: CostModel,
  fragmentCosts = new Map<string, number>(),
): number {
  const root = rootTypeOf(context.getSchema(), operation.operation);
  const nonNullVariables = new Set(
    (operation.variableDefinitions ?? [])
      .filter((definition) => definition.type.kind === Kind.NON_NULL_TYPE)
      .map((definition) => definition.variable.name.value),
  );
  const snapshot = { ...model, listSizes: model.listSizes(), nonNullVariables };
  return selectionCost(context, operation.selectionSet, root, snapshot, fragmentCosts, new Set());
}

/** Refuses, at validation, any operation whose estimated cost is above `maxCost`. */
export function costLimitRule(maxCost: number, model: Omit<CostModel, 'ceiling'>): ValidationRule {
  return (context) => {
    // Every operation of the document counts with the same lengths. Fragment costs are kept per operation:
    // whether a variable in a fragment narrows a list depends on how the operation declares it.
    const listSizes = model.listSizes();
    return {
      OperationDefinition(node) {
        const cost = operationCost(context, node, { ...model, listSizes: () => listSizes, ceiling: maxCost });
        if (cost > maxCost) {
          context.reportError(
            new GraphQLError(
              `The operation is too expensive: its estimated cost exceeds the limit of ${maxCost}. ` +
                'Ask for fewer nested lists, or split it.',
              { nodes: [node] },
            ),
          );
        }
      },
    };
  };
}
