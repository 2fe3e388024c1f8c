import type { NextFunction, Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import type { AuditLog } from '../audit';
import type { Logger } from '../logger';
import type { ServiceMetrics } from '../metrics';
import { unverifiedCaller } from './caller';

/** Refusals that concern who is asking, and so belong in the audit log. */
const auditedRefusals = new Set(['UNAUTHENTICATED', 'RATE_LIMITED', 'OPERATION_NOT_REGISTERED']);

/** A step of the `/graphql` pipeline: it passes the request on, or throws a GraphQLError that refuses it. */
export type PipelineStep = (request: Request, response: Response) => Promise<void> | void;

/**
 * A step as Express middleware: a refusal is counted, audited when it concerns who is asking, and answered in the
 * GraphQL response shape with its `extensions.http` status and headers; the request goes no further.
 */
export function refusing(
  name: string,
  step: PipelineStep,
  services: { logger: Logger; audit?: AuditLog; metrics?: ServiceMetrics },
) {
  return async (request: Request, response: Response, next: NextFunction) => {
    try {
      await step(request, response);
      next();
    } catch (error) {
      const code = error instanceof GraphQLError ? error.extensions.code : undefined;
      services.metrics?.countRefusal(code);
      if (services.audit && typeof code === 'string' && auditedRefusals.has(code)) {
        services.audit.record(response.locals.caller ?? unverifiedCaller, {
          operation: '(refused before parsing)',
          // The path only: a GET's query string holds the caller's query and variables.
          fieldPath: `${request.baseUrl}${request.path === '/' ? '' : request.path}`.slice(0, 200),
          level: 'REQUEST',
          outcome: 'refused',
          reason: code,
        });
      }
      sendGraphQLError(response, error, services.logger, name);
    }
  };
}

/** Body-parser failures (malformed JSON, a body over the limit, a bad encoding) answered as GraphQL errors, not HTML. */
export function bodyErrors(bodyLimit: string | number, services: { logger: Logger; metrics?: ServiceMetrics }) {
  return (error: unknown, _request: Request, response: Response, next: NextFunction) => {
    const { type, status } = error as { type?: string; status?: number };
    if (!status || status < 400 || status >= 500) return next(error);
    const [code, message] =
      type === 'entity.too.large'
        ? ['PAYLOAD_TOO_LARGE', `The request body is larger than ${bodyLimit}.`]
        : type === 'entity.parse.failed'
          ? ['BAD_REQUEST', 'The request body is not valid JSON.']
          : status === 415
            ? ['UNSUPPORTED_MEDIA_TYPE', 'The request body must be UTF-8 JSON without a content encoding.']
            : ['BAD_REQUEST', 'The request body could not be read.'];
    services.metrics?.countRefusal(code);
    sendGraphQLError(
      response,
      new GraphQLError(message, { extensions: { code, http: { status } } }),
      services.logger,
      'read-body',
    );
  };
}

/** Answers a request refused before GraphQL ran, in the GraphQL response shape. */
function sendGraphQLError(response: Response, error: unknown, logger: Logger, step: string): void {
  if (!(error instanceof GraphQLError)) {
    logger.error('request refused by an internal error', { step, error: String(error) });
    response
      .status(500)
      .json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    return;
  }
  const http = error.extensions.http as
    { status?: number; headers?: Record<string, string> | Map<string, string> } | undefined;
  const { http: _http, ...extensions } = error.extensions;
  const headers = http?.headers instanceof Map ? [...http.headers] : Object.entries(http?.headers ?? {});
  for (const [name, value] of headers) response.setHeader(name, value);
  response.status(http?.status ?? 400).json({ errors: [{ message: error.message, extensions }] });
}
