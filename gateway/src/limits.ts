import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, Kind, visit, type DocumentNode, type ValidationRule } from 'graphql';
import type { OperationLimits } from './config';
import { costLimitRule } from './cost';
import { listSizes } from './list-sizes';

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
 * graphql-armor's depth, alias and directive limits, graphql-js's token limit,
 * a list-aware cost limit and the list-length bound, as Apollo Server options. Field suggestions are off:
 * "did you mean" answers would map the schema for someone denied
 * introspection.
 */
export function operationLimits(limits: OperationLimits): {
  plugins: ApolloServerPlugin[];
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
    blockFieldSuggestion: { enabled: true },
  }).protect();
  return {
    plugins: [...armor.plugins, variablesAndListsPlugin(limits.maxListLength)],
    validationRules: [
      ...armor.validationRules,
      costLimitRule(limits.maxCost, { assumedListSize: limits.assumedListSize, listSizes }),
    ],
    parseOptions: { maxTokens: limits.maxTokens },
  };
}
