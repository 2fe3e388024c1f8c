import type { ApolloServerPlugin } from '@apollo/server';
import {
  isAbstractType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';
import { restrictedFields } from './access';

/** What an answer may be cached as, for everyone or not at all. */
export interface CacheHint {
  maxAgeSeconds: number;
  /** Whether the answer is the same whoever asks. */
  shared: boolean;
}

function directiveArgument(field: GraphQLField<unknown, unknown>, directive: string, argument: string) {
  const node = field.astNode?.directives?.find((d) => d.name.value === directive);
  const value = node?.arguments?.find((a) => a.name.value === argument)?.value;
  return value && 'value' in value ? String(value.value) : undefined;
}

/**
 * Computes an operation's cache hint from the schema alone: a field marked
 * `@cacheControl(scope: PRIVATE)` (its answer depends on who asks) or
 * `@access` above PUBLIC makes the answer private; `@cacheControl(maxAge:)`
 * shortens the subgraph's default. Apollo's own cache-control plugin does
 * this with a hook on every resolved field; this walks each distinct
 * document once.
 */
export function cacheHintsFor(schema: GraphQLSchema, defaultMaxAgeSeconds: number) {
  const privateFields = new Set(restrictedFields(schema));
  const maxAges = new Map<string, number>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!('getFields' in type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      const key = `${type.name}.${field.name}`;
      if (directiveArgument(field, 'cacheControl', 'scope') === 'PRIVATE') privateFields.add(key);
      const maxAge = directiveArgument(field, 'cacheControl', 'maxAge');
      if (maxAge !== undefined) maxAges.set(key, Number(maxAge));
    }
  }
  return (document: DocumentNode): CacheHint => {
    const hint: CacheHint = { maxAgeSeconds: defaultMaxAgeSeconds, shared: true };
    const typeInfo = new TypeInfo(schema);
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        OperationDefinition(node) {
          if (node.operation !== 'query') hint.shared = false;
        },
        Field() {
          const parent = typeInfo.getParentType();
          const field = typeInfo.getFieldDef();
          if (!parent || !field) return;
          // On an interface or union, any implementation's field may be the one resolved.
          const owners = isAbstractType(parent) ? schema.getPossibleTypes(parent).map((t) => t.name) : [];
          for (const owner of [parent.name, ...owners]) {
            const key = `${owner}.${field.name}`;
            if (privateFields.has(key)) hint.shared = false;
            const maxAge = maxAges.get(key);
            if (maxAge !== undefined) hint.maxAgeSeconds = Math.min(hint.maxAgeSeconds, maxAge);
          }
        },
      }),
    );
    return hint;
  };
}

/**
 * Sends a `cache-control` header with every answer: `max-age=N, public` for
 * a query without errors whose every field is the same for every caller,
 * `no-store` otherwise. The gateway's response cache reads it; nothing else
 * in a subgraph's answer changes.
 */
export function cacheHintsPlugin<TContext extends object>(
  schema: GraphQLSchema,
  defaultMaxAgeSeconds: number,
): ApolloServerPlugin<TContext> {
  const hintFor = cacheHintsFor(schema, defaultMaxAgeSeconds);
  // The gateway sends the same few documents over and over: walk each once.
  const known = new Map<string, CacheHint>();
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, document, queryHash, errors }) {
          let hint: CacheHint | undefined;
          if (document && queryHash && defaultMaxAgeSeconds > 0) {
            hint = known.get(queryHash);
            if (!hint) {
              hint = hintFor(document);
              if (known.size >= 1_000) known.clear();
              known.set(queryHash, hint);
            }
          }
          const failed = errors?.length || (response.body.kind === 'single' && response.body.singleResult.errors);
          response.http.headers.set(
            'cache-control',
            hint?.shared && hint.maxAgeSeconds > 0 && !failed ? `max-age=${hint.maxAgeSeconds}, public` : 'no-store',
          );
        },
      };
    },
  };
}
