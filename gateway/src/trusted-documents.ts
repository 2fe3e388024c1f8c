import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import type { RegisteredOperation } from '../../schema/operations';

/** The hash an operation is registered under: SHA-256 of its document, hex. */
export function documentHash(document: string): string {
  return createHash('sha256').update(document).digest('hex');
}

function notRegistered(): GraphQLError {
  return new GraphQLError(
    'Only registered operations are accepted here. Send a registered document, or its SHA-256 hash as extensions.persistedQuery.sha256Hash.',
    { extensions: { code: 'OPERATION_NOT_REGISTERED', http: { status: 400 } } },
  );
}

/**
 * Trusted documents: a request runs only if its document is one of the
 * registered operations, sent in full or by hash (Apollo's persisted-query
 * shape, `{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": ...}}}`).
 */
export function trustedDocumentsGuard(operations: readonly RegisteredOperation[]): (request: Request) => void {
  const byHash = new Map(operations.map((op) => [documentHash(op.document), op.document]));
  return (request) => {
    const body = (request.method === 'GET' ? request.query : request.body) as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw notRegistered();
    let extensions = body.extensions as Record<string, unknown> | string | undefined;
    if (typeof extensions === 'string') {
      try {
        extensions = JSON.parse(extensions) as Record<string, unknown>;
      } catch {
        throw notRegistered();
      }
    }
    const hash = (extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
    if (typeof body.query === 'string') {
      if (!byHash.has(documentHash(body.query))) throw notRegistered();
      return;
    }
    if (typeof hash !== 'string' || !byHash.has(hash)) throw notRegistered();
    if (request.method === 'GET') throw notRegistered();
    body.query = byHash.get(hash);
    delete (extensions as Record<string, unknown>).persistedQuery;
    body.extensions = extensions;
  };
}
