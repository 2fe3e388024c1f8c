import {
  getNamedType,
  GraphQLError,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

export interface CostModel {
  /** The length assumed for a list field not named in `listSizes`. */
  assumedListSize: number;
  /** Known list lengths by `Type.field`, such as `Query.municipalities` (290). */
  listSizes: Readonly<Record<string, number>>;
  /** Stop counting past this: the answer is "too expensive" either way. */
  ceiling: number;
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
  context: ValidationContext,
  selectionSet: SelectionSetNode,
  parentType: GraphQLNamedType | undefined,
  model: CostModel,
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
        const fields =
          parentType && (isObjectType(parentType) || isInterfaceType(parentType)) ? parentType.getFields() : {};
        const definition = fields[selection.name.value];
        if (!definition) {
          total += 1;
          break;
        }
        let type: GraphQLOutputType = definition.type;
        let multiplier = 1;
        while (isNonNullType(type) || isListType(type)) {
          if (isListType(type)) {
            multiplier *= model.listSizes[`${parentType!.name}.${definition.name}`] ?? model.assumedListSize;
          }
          type = type.ofType;
        }
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

/** Refuses, at validation, any operation whose estimated cost is above `maxCost`. */
export function costLimitRule(maxCost: number, model: Omit<CostModel, 'ceiling'>): ValidationRule {
  return (context) => {
    const fragmentCosts = new Map<string, number>();
    return {
      OperationDefinition(node) {
        const schema = context.getSchema();
        const root =
          node.operation === 'query'
            ? schema.getQueryType()
            : node.operation === 'mutation'
              ? schema.getMutationType()
              : schema.getSubscriptionType();
        const cost = selectionCost(
          context,
          node.selectionSet,
          root ?? undefined,
          { ...model, ceiling: maxCost },
          fragmentCosts,
          new Set(),
        );
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
