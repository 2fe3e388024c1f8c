import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryPath } from '@samverkan/common';

/** A registered dashboard operation, read from `schema/operations/`. */
export interface RegisteredOperation {
  name: string;
  document: string;
  /** Example variables: what the playground preloads and the tests run. */
  variables: Record<string, unknown>;
}

export const operationsDir = repositoryPath('schema', 'operations');

export function loadRegisteredOperations(dir = operationsDir): RegisteredOperation[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    operations: { name: string; file: string; variables: Record<string, unknown> }[];
  };
  return manifest.operations.map((op) => ({
    name: op.name,
    document: readFileSync(join(dir, op.file), 'utf8'),
    variables: op.variables,
  }));
}
