import { Kind, type DocumentNode, type GraphQLFormattedError, type SelectionSetNode } from 'graphql';

/** Why a subgraph's fields are missing from an answer; each is a caller-facing `extensions.code`. */
export type FetchFailureCode =
  /** No complete answer within the subgraph's timeout. */
  | 'SUBGRAPH_TIMEOUT'
  /** Refused or dropped connections, 502/503/504, or an open circuit. */
  | 'SUBGRAPH_UNAVAILABLE'
  /** An answer that is not a GraphQL response for the fetch: another status, not JSON, too large, the wrong shape. */
  | 'SUBGRAPH_BAD_RESPONSE';

export interface FetchFailure {
  code: FetchFailureCode;
  /** For the caller: names the subgraph, never its address. */
  message: string;
}

interface SelectedField {
  responseKey: string;
  /** The type condition the field sits under; undefined directly on the parent type. */
  typeCondition?: string;
}

/** The fields a selection asks for, with fragments expanded, `__typename` left out (it is known without the subgraph). */
function selectedFields(
  document: DocumentNode,
  selectionSet: SelectionSetNode,
  typeCondition: string | undefined,
  into: SelectedField[],
): SelectedField[] {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') {
        into.push({ responseKey: selection.alias?.value ?? selection.name.value, typeCondition });
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      selectedFields(document, selection.selectionSet, selection.typeCondition?.name.value ?? typeCondition, into);
    } else {
      const fragment = document.definitions.find(
        (definition) => definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === selection.name.value,
      );
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) {
        selectedFields(document, fragment.selectionSet, fragment.typeCondition.name.value, into);
      }
    }
  }
  return into;
}

/**
 * The errors that stand in for a failed fetch: one on every field the fetch
 * would have filled, as graphql-js reports a failed resolver, so a dashboard
 * can tell which cells are missing and why. A root fetch's fields are the
 * operation's; an entity fetch's are those under each representation's type,
 * at `_entities[i]` where `i` is the entity's position among the objects at
 * the fetch's place in the answer, which the gateway turns into the full
 * response path. Codes and messages only: no address, no stack trace.
 */
export function fieldErrorsForFailedFetch(
  document: DocumentNode,
  failure: FetchFailure,
  subgraph: string,
  /** The `representations` variable of an entity fetch; undefined for a root fetch. */
  representations: readonly { __typename?: unknown }[] | undefined,
  /** For representation `j`, the entity index the gateway's error paths count in. */
  entityIndexOf: (representation: number) => number,
): GraphQLFormattedError[] {
  const extensions = { code: failure.code, subgraph };
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (operation?.kind !== Kind.OPERATION_DEFINITION) return [{ message: failure.message, extensions }];
  if (!representations) {
    const fields = selectedFields(document, operation.selectionSet, undefined, []);
    return fields.length === 0
      ? [{ message: failure.message, extensions }]
      : fields.map((field) => ({ message: failure.message, path: [field.responseKey], extensions }));
  }
  const entitiesField = operation.selectionSet.selections.find(
    (selection) => selection.kind === Kind.FIELD && selection.name.value === '_entities',
  );
  const fields =
    entitiesField?.kind === Kind.FIELD && entitiesField.selectionSet
      ? selectedFields(document, entitiesField.selectionSet, undefined, [])
      : [];
  const typenames = new Set(representations.map((r) => r.__typename));
  const errors: GraphQLFormattedError[] = [];
  representations.forEach((representation, j) => {
    const index = entityIndexOf(j);
    const own = fields.filter(
      (field) =>
        field.typeCondition === undefined ||
        field.typeCondition === representation.__typename ||
        // An interface condition: it may apply to any of the representations.
        !typenames.has(field.typeCondition),
    );
    const keys = [...new Set(own.map((field) => field.responseKey))];
    if (keys.length === 0) errors.push({ message: failure.message, path: ['_entities', index], extensions });
    for (const key of keys) errors.push({ message: failure.message, path: ['_entities', index, key], extensions });
  });
  return errors;
}

/**
 * Where each representation's entity sits among the objects the gateway
 * collected at the fetch's path: the gateway numbers error paths by that
 * position, while the representations leave out objects of other types (a
 * police fetch for partners skips municipalities and organisations). Walks
 * the answer as the gateway does, from `root`, the root fetches' data, whose
 * objects the gateway merges into in place; a representation is made for
 * every entity of a matching type, in order, so matching by type in order is
 * exact. Undefined if the walk does not account for every representation.
 */
export function entityIndexes(
  root: Record<string, unknown>,
  path: readonly (string | number)[],
  representations: readonly { __typename?: unknown }[],
): number[] | undefined {
  let level: unknown[] = [root];
  for (const step of path) {
    const next: unknown[] = [];
    for (const value of level) {
      if (value === null || value === undefined) continue;
      if (step === '@') {
        if (Array.isArray(value)) next.push(...value);
      } else if (typeof value === 'object' && !Array.isArray(value)) {
        next.push((value as Record<string | number, unknown>)[step]);
      }
    }
    level = next;
  }
  const entities = level.filter((value) => value !== null && value !== undefined) as { __typename?: unknown }[];
  const indexes: number[] = [];
  let k = 0;
  for (const representation of representations) {
    while (k < entities.length && entities[k].__typename !== representation.__typename) k += 1;
    if (k === entities.length) return undefined;
    indexes.push(k);
    k += 1;
  }
  return indexes;
}
