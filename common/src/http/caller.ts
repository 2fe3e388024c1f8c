import type { Response } from 'express';
import type { Caller } from '../identity';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    /** What a request's steps leave for the later ones: who is asking, once `authenticate` has said. */
    interface Locals {
      caller?: Caller;
    }
  }
}

/** The caller `authenticate` verified for this request; a service's GraphQL context is built from it. */
export function callerOf(response: Response): Caller {
  const { caller } = response.locals;
  if (!caller) throw new Error('no caller: the request did not pass authentication');
  return caller;
}

/** Whom a request refused before its identity was verified is recorded as. */
export const unverifiedCaller: Caller = { anonymous: true, subject: 'unverified', roles: [] };
