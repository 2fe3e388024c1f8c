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

/**
 * Estimated cost of an operation: every field costs 1, and a field that
 * returns a list multiplies the cost of what is selected under it by
 * `assumedListSize`. Nested lists are what turn a small document into a
 * huge answer (municipalities → county → municipalities → …), which a cost
 * model without list multipliers does not see.
 */
export function estimateCost(
  context: ValidationContext,
  selectionSet: SelectionSetNode,
  parentType: GraphQLNamedType | undefined,
  assumedListSize: number,
  ceiling: number,
  fragmentsOnPath: Set<string> = new Set(),
): number {
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (total > ceiling) break;
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
          if (isListType(type)) multiplier *= assumedListSize;
          type = type.ofType;
        }
        const below = estimateCost(
          context,
          selection.selectionSet,
          getNamedType(type),
          assumedListSize,
          ceiling,
          fragmentsOnPath,
        );
        total += multiplier * (1 + below);
        break;
      }
      case Kind.INLINE_FRAGMENT: {
        const type = selection.typeCondition
          ? context.getSchema().getType(selection.typeCondition.name.value)
          : parentType;
        total += estimateCost(
          context,
          selection.selectionSet,
          type ?? undefined,
          assumedListSize,
          ceiling,
          fragmentsOnPath,
        );
        break;
      }
      case Kind.FRAGMENT_SPREAD: {
        const name = selection.name.value;
        const fragment = context.getFragment(name);
        // A cycle is reported by graphql-js's own rule; here it only must not recurse forever.
        if (!fragment || fragmentsOnPath.has(name)) break;
        const type = context.getSchema().getType(fragment.typeCondition.name.value);
        total += estimateCost(
          context,
          fragment.selectionSet,
          type ?? undefined,
          assumedListSize,
          ceiling,
          new Set([...fragmentsOnPath, name]),
        );
        break;
      }
    }
  }
  return total;
}

/** Refuses, at validation, any operation whose estimated cost is above `maxCost`. */
export function costLimitRule(maxCost: number, assumedListSize: number): ValidationRule {
  return (context) => ({
    OperationDefinition(node) {
      const root =
        node.operation === 'query'
          ? context.getSchema().getQueryType()
          : node.operation === 'mutation'
            ? context.getSchema().getMutationType()
            : context.getSchema().getSubscriptionType();
      const cost = estimateCost(context, node.selectionSet, root ?? undefined, assumedListSize, maxCost);
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
  });
}
