import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse } from 'graphql';
import { repositoryPath } from '@samverkan/common';

/** Who an operation is for, as an identity provider's token would say it. */
export interface OperationCaller {
  org: string;
  roles: string[];
}

/** A registered dashboard operation, read from `schema/operations/`. */
export interface RegisteredOperation {
  name: string;
  document: string;
  /** Example variables: what the playground preloads and the tests run. */
  variables: Record<string, unknown>;
  /** Who it is for; absent for the public reads anyone may run, anonymous callers included. */
  caller?: OperationCaller;
  /** True for a write: never run for its answer alone (in loops over every operation, benchmarks). */
  mutation: boolean;
}

/**
 * The operations anyone may run any number of times with the same answer: the public reads, which loops over
 * every operation (fault drills, fetch-shaping checks, benchmarks) run anonymously.
 */
export const isPublicRead = (op: RegisteredOperation): boolean => !op.mutation && !op.caller;

export const operationsDir = repositoryPath('schema', 'operations');

export function loadRegisteredOperations(dir = operationsDir): RegisteredOperation[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    operations: { name: string; file: string; variables: Record<string, unknown>; caller?: OperationCaller }[];
  };
  return manifest.operations.map((op) => {
    const document = readFileSync(join(dir, op.file), 'utf8');
    const operation = parse(document).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    return {
      name: op.name,
      document,
      variables: op.variables,
      ...(op.caller ? { caller: op.caller } : {}),
      mutation: operation?.kind === Kind.OPERATION_DEFINITION && operation.operation === 'mutation',
    };
  });
}
