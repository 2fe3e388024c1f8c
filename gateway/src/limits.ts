import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  GraphQLError,
  Kind,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { OperationLimits } from './config';
import type { GatewayContext } from './context';
import { costLimitRule, operationCost, rootTypeOf, type ListSizes } from './cost';
import type { RateLimiter } from './rate-limit';

/** How deep a variable's value may nest (lists in objects in lists …). */
const maxVariableNesting = 10;

/**
 * Refuses an operation that names a list longer than the limit, as a literal
 * or in a variable, a variable nested deeper than any input type here needs,
 * or a variable the operation does not declare, before any subgraph is asked.
 * Values are walked with a queue, not recursion, so no input can exhaust the stack.
 */
function variablesAndListsPlugin(maxLength: number): ApolloServerPlugin {
  const refuse = (message: string) =>
    new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
  const checkValue = (value: unknown, name: string): void => {
    const queue: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
    while (queue.length > 0) {
      const next = queue.pop()!;
      if (next.value === null || typeof next.value !== 'object') continue;
      if (next.depth >= maxVariableNesting) throw refuse(`Variable $${name} is nested too deeply.`);
      const items = Array.isArray(next.value) ? next.value : Object.values(next.value);
      if (Array.isArray(next.value) && items.length > maxLength) {
        throw refuse(`A list in variable $${name} has more than ${maxLength} items.`);
      }
      for (const item of items) queue.push({ value: item, depth: next.depth + 1 });
    }
  };
  const checkDocument = (document: DocumentNode) => {
    visit(document, {
      [Kind.LIST]: (node) => {
        if (node.values.length > maxLength) throw refuse(`A list in the operation has more than ${maxLength} items.`);
      },
    });
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          checkDocument(document);
          const declared = new Set(operation?.variableDefinitions?.map((v) => v.variable.name.value) ?? []);
          for (const [name, value] of Object.entries(request.variables ?? {})) {
            if (!declared.has(name)) throw refuse(`Variable $${name} is not declared by the operation.`);
            checkValue(value, name);
          }
        },
      };
    },
  };
}

/**
 * A document whose operation cannot be picked (an unknown `operationName`,
 * several operations and no name) is the client's mistake: 400 with
 * OPERATION_RESOLUTION_FAILURE, not the gateway's 500.
 */
function operationResolutionPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, operation }) {
          if (operation) return;
          throw new GraphQLError(
            request.operationName
              ? `The document has no operation named "${request.operationName}".`
              : 'The document has several operations: name the one to run in operationName.',
            { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } },
          );
        },
      };
    },
  };
}

/** A mutation or subscription where the schema has none is refused at validation, with 400. */
const knownOperationTypeRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (!rootTypeOf(context.getSchema(), node.operation)) {
      context.reportError(new GraphQLError(`This API has no ${node.operation} operations.`, { nodes: [node] }));
    }
  },
});

/**
 * Bounds how deep selections under `__schema` and `__type` nest. graphql-armor's
 * depth limit skips `__schema`, which let `__schema { types { fields { type { fields … } } } }`
 * nest as deep as the token limit allowed.
 */
function introspectionDepthRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext) => {
    // Memoised per fragment: a fragment spread twice on each of 40 levels is walked once, not 2^40 times.
    const fragmentDepths = new Map<string, number>();
    const fragmentIntrospectionDepths = new Map<string, number>();
    const viaFragment = (
      name: string,
      memo: Map<string, number>,
      onPath: ReadonlySet<string>,
      measure: (selectionSet: SelectionSetNode, onPath: ReadonlySet<string>) => number,
    ): number => {
      const known = memo.get(name);
      if (known !== undefined) return known;
      const fragment: FragmentDefinitionNode | null | undefined = context.getFragment(name);
      // A cycle or an unknown fragment is graphql-js's own error to report.
      if (!fragment || onPath.has(name)) return 0;
      const depth = measure(fragment.selectionSet, new Set([...onPath, name]));
      memo.set(name, depth);
      return depth;
    };
    const depthOf = (selectionSet: SelectionSetNode | undefined, onPath: ReadonlySet<string>): number => {
      let deepest = 0;
      for (const selection of selectionSet?.selections ?? []) {
        const depth =
          selection.kind === Kind.FIELD
            ? 1 + depthOf(selection.selectionSet, onPath)
            : selection.kind === Kind.INLINE_FRAGMENT
              ? depthOf(selection.selectionSet, onPath)
              : viaFragment(selection.name.value, fragmentDepths, onPath, depthOf);
        deepest = Math.max(deepest, depth);
      }
      return deepest;
    };
    // `__schema` and `__type` exist only on the query root: look there, through fragments, and nowhere deeper.
    const introspectionDepth = (selectionSet: SelectionSetNode, onPath: ReadonlySet<string>): number => {
      let deepest = 0;
      for (const selection of selectionSet.selections) {
        const depth =
          selection.kind === Kind.FIELD
            ? selection.name.value === '__schema' || selection.name.value === '__type'
              ? 1 + depthOf(selection.selectionSet, onPath)
              : 0
            : selection.kind === Kind.INLINE_FRAGMENT
              ? introspectionDepth(selection.selectionSet, onPath)
              : viaFragment(selection.name.value, fragmentIntrospectionDepths, onPath, introspectionDepth);
        deepest = Math.max(deepest, depth);
      }
      return deepest;
    };
    return {
      OperationDefinition(node) {
        if (introspectionDepth(node.selectionSet, new Set()) > maxDepth) {
          context.reportError(
            new GraphQLError(`The introspection query is nested deeper than ${maxDepth} levels.`, { nodes: [node] }),
          );
        }
      },
    };
  };
}

/**
 * The cost-weighted rate limit: each operation's estimated cost is charged to
 * its caller before any subgraph is asked; over the budget, 429.
 */
function costRateLimitPlugin(
  limits: OperationLimits,
  limiter: RateLimiter,
  listSizes: () => ListSizes,
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, schema, contextValue }) {
          if (!operation) return;
          const fragments = new Map(
            document.definitions
              .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
              .map((d) => [d.name.value, d]),
          );
          const cost = operationCost(
            { getSchema: () => schema, getFragment: (name) => fragments.get(name) },
            operation,
            { assumedListSize: limits.assumedListSize, listSizes, ceiling: limits.maxCost },
          );
          await limiter.spendCost(contextValue.fetches.callerKey, cost);
        },
      };
    },
  };
}

/**
 * graphql-armor's depth, alias and directive limits, graphql-js's token limit,
 * a list-aware cost limit and the list-length bound, as Apollo Server options. Field suggestions ("did you mean")
 * only where introspection is allowed (`suggestFields`, development): elsewhere they would map the schema for
 * someone denied introspection. `listSizes` gives the list lengths of the supergraph being
 * served (its `@listSize`s); it is asked at each operation, so those of a
 * reloaded supergraph apply from the next one on.
 */
export function operationLimits(
  limits: OperationLimits,
  limiter: RateLimiter,
  listSizes: () => ListSizes,
  options: { suggestFields: boolean },
): {
  plugins: ApolloServerPlugin<GatewayContext>[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
} {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    // graphql-js's own parser limit answers 400 GRAPHQL_PARSE_FAILED; armor's token plugin would answer 500.
    maxTokens: { enabled: false },
    // Replaced by costLimitRule, which multiplies by list sizes.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: !options.suggestFields },
  }).protect();
  return {
    plugins: [
      operationResolutionPlugin(),
      ...(armor.plugins as ApolloServerPlugin<GatewayContext>[]),
      variablesAndListsPlugin(limits.maxListLength),
      ...(limiter.costLimited ? [costRateLimitPlugin(limits, limiter, listSizes)] : []),
    ],
    validationRules: [
      knownOperationTypeRule,
      ...armor.validationRules,
      introspectionDepthRule(limits.maxIntrospectionDepth),
      costLimitRule(limits.maxCost, { assumedListSize: limits.assumedListSize, listSizes }),
    ],
    parseOptions: { maxTokens: limits.maxTokens },
  };
}
