import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, Kind, visit, type DocumentNode, type ValidationRule } from 'graphql';
import type { OperationLimits } from './config';
import { costLimitRule } from './cost';

/**
 * Refuses an operation that names a list longer than the limit, as a literal
 * or in a variable, before any subgraph is asked.
 */
function listLengthPlugin(maxLength: number): ApolloServerPlugin {
  const tooLong = (where: string) =>
    new GraphQLError(`A list in ${where} has more than ${maxLength} items.`, {
      extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
    });
  const checkValue = (value: unknown, where: string): void => {
    if (Array.isArray(value)) {
      if (value.length > maxLength) throw tooLong(where);
      value.forEach((item) => checkValue(item, where));
    } else if (value && typeof value === 'object') {
      Object.values(value).forEach((item) => checkValue(item, where));
    }
  };
  const checkDocument = (document: DocumentNode) => {
    visit(document, {
      [Kind.LIST]: (node) => {
        if (node.values.length > maxLength) throw tooLong('the operation');
      },
    });
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          checkDocument(document);
          Object.entries(request.variables ?? {}).forEach(([name, value]) => checkValue(value, `variable $${name}`));
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
    plugins: [...armor.plugins, listLengthPlugin(limits.maxListLength)],
    validationRules: [...armor.validationRules, costLimitRule(limits.maxCost, limits.assumedListSize)],
    parseOptions: { maxTokens: limits.maxTokens },
  };
}
