import cors from 'cors';
import type { RequestHandler } from 'express';

/** A page served from this machine: a dashboard or tool in development, on any port. */
const localhostOrigin = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

/**
 * Cross-site calls from browsers: from the origins in `CORS_ORIGINS` and, outside production, from any page on
 * localhost, so that a dashboard under development (a Vite server on :5173, say) can call the gateway without
 * setting anything. Every other origin gets no `Access-Control-Allow-Origin`, and the browser keeps the answer from it.
 */
export function corsPolicy(origins: readonly string[], production: boolean): RequestHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin, answer) =>
      answer(null, origin !== undefined && (allowed.has(origin) || (!production && localhostOrigin.test(origin)))),
    methods: ['GET', 'POST'],
    maxAge: 600,
  });
}
