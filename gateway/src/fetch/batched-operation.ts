import { Kind, print, visit, type DocumentNode, type GraphQLFormattedError, type SelectionNode } from 'graphql';
import type { GraphQLResponseBody } from './subgraph-exchange';

/** One fetch of a batch: the query the planner wrote for it and its variables. */
export interface BatchMember {
  query: string;
  document: DocumentNode;
  variables: Record<string, unknown>;
}

/**
 * Several queries to one subgraph as one operation. Each member's root
 * fields, variables and fragments are renamed with the prefix `_<i>_`, so the
 * members cannot collide, and the answer is split back by those names.
 */
export interface BatchedOperation {
  query: string;
  operationName: string;
  /** Per member: the merged answer's root keys mapped back to the member's own. */
  keys: ReadonlyMap<string, string>[];
  /** Which member each merged root key belongs to. */
  owner: ReadonlyMap<string, number>;
}

const prefixOf = (member: number) => `_${member}_`;

/**
 * The same plans meet the same fetch lists request after request; merging is
 * parsing and printing, so each distinct list is merged once. Bounded: a
 * flood of distinct queries empties it rather than growing it.
 */
const merged = new Map<string, BatchedOperation | null>();
const mergedLimit = 1_000;

/**
 * The merged operation for the members' queries, or undefined if one of them
 * is not a plain query of root fields (nothing the planner writes for entity
 * fetches, but nothing is batched that could not be split back exactly).
 */
export function batchedOperation(members: readonly BatchMember[]): BatchedOperation | undefined {
  const cacheKey = members.map((m) => m.query).join('\u0000');
  let operation = merged.get(cacheKey);
  if (operation === undefined) {
    operation = merge(members.map((m) => m.document)) ?? null;
    if (merged.size >= mergedLimit) merged.clear();
    merged.set(cacheKey, operation);
  }
  return operation ?? undefined;
}

function merge(documents: readonly DocumentNode[]): BatchedOperation | undefined {
  const selections: SelectionNode[] = [];
  const variableDefinitions = [];
  const fragments = [];
  const keys: Map<string, string>[] = [];
  const owner = new Map<string, number>();
  let firstName: string | undefined;
  for (const [i, document] of documents.entries()) {
    const prefix = prefixOf(i);
    const renamed = visit(document, {
      Variable: (node) => ({ ...node, name: { ...node.name, value: prefix + node.name.value } }),
      FragmentSpread: (node) => ({ ...node, name: { ...node.name, value: prefix + node.name.value } }),
      FragmentDefinition: (node) => ({ ...node, name: { ...node.name, value: prefix + node.name.value } }),
    });
    const operations = renamed.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    const operation = operations[0];
    if (operations.length !== 1 || operation.operation !== 'query' || operation.directives?.length) return undefined;
    firstName ??= operation.name?.value;
    const memberKeys = new Map<string, string>();
    for (const selection of operation.selectionSet.selections) {
      if (selection.kind !== Kind.FIELD) return undefined;
      const key = prefix + (selection.alias?.value ?? selection.name.value);
      memberKeys.set(key, selection.alias?.value ?? selection.name.value);
      owner.set(key, i);
      selections.push({ ...selection, alias: { kind: Kind.NAME, value: key } });
    }
    keys.push(memberKeys);
    variableDefinitions.push(...(operation.variableDefinitions ?? []));
    fragments.push(...renamed.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION));
  }
  const operationName = `${firstName ?? 'Fetch'}__batch_of_${documents.length}`;
  const query = print({
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: 'query' as never,
        name: { kind: Kind.NAME, value: operationName },
        variableDefinitions,
        selectionSet: { kind: Kind.SELECTION_SET, selections },
      },
      ...fragments,
    ],
  });
  return { query, operationName, keys, owner };
}

/** The members' variables, renamed as in the merged operation. */
export function batchedVariables(members: readonly BatchMember[]): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const [i, member] of members.entries()) {
    for (const [name, value] of Object.entries(member.variables)) variables[prefixOf(i) + name] = value;
  }
  return variables;
}

/**
 * Each member's answer from the merged one: its root fields under their own
 * names, the errors whose path starts in them, and every error no member owns
 * (a subgraph's whole-request error concerns them all).
 */
export function splitBatchedAnswer(operation: BatchedOperation, answer: GraphQLResponseBody): GraphQLResponseBody[] {
  return operation.keys.map((keys, member) => {
    const part: GraphQLResponseBody = {};
    if (answer.data === null) part.data = null;
    else if (answer.data) {
      const data: Record<string, unknown> = {};
      for (const [key, own] of keys) data[own] = answer.data[key];
      part.data = data;
    }
    const errors: GraphQLFormattedError[] = [];
    for (const error of answer.errors ?? []) {
      const head = error.path?.[0];
      const owner = typeof head === 'string' ? operation.owner.get(head) : undefined;
      if (owner === undefined) errors.push(error);
      else if (owner === member) errors.push({ ...error, path: [keys.get(head as string)!, ...error.path!.slice(1)] });
    }
    if (errors.length) part.errors = errors;
    if (answer.extensions) part.extensions = answer.extensions;
    return part;
  });
}
