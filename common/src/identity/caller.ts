import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';

/** What a caller may be, beyond seeing public data. */
export const roles = ['partner', 'coordinator', 'admin'] as const;
export type Role = (typeof roles)[number];

/**
 * Who is asking. `organisation` is an authority id (`polisen`,
 * `arbetsformedlingen`, `forsakringskassan`) or a four-digit municipality
 * code; an anonymous caller has neither and no roles.
 */
export interface Caller {
  anonymous: boolean;
  /** The token's subject, for the audit log. */
  subject?: string;
  organisation?: string;
  roles: Role[];
  /** The client's operation this request serves, as the client named it, for the audit log. */
  operation?: string;
  /** SHA-256 of the client's document, which unlike the name the client cannot choose freely. */
  operationHash?: string;
  /**
   * SHA-256 (hex) of the request body the gateway signed this identity for: a subgraph answers only that body, so a
   * token captured on the way cannot carry another query.
   */
  boundBodySha256?: string;
}

/** SHA-256, hex, of a request body's bytes as sent (UTF-8). */
export function bodySha256(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

export const anonymousCaller: Caller = Object.freeze({ anonymous: true, roles: [] as Role[] }) as Caller;

const organisationPattern = /^(\d{4}|[a-z][a-z0-9-]{1,63})$/;

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

export function callerFromClaims(payload: JWTPayload): Caller {
  const organisation = payload.org;
  const claimedRoles = payload.roles;
  if (typeof organisation !== 'string' || !organisationPattern.test(organisation)) {
    throw unauthenticated('The token names no valid organisation (claim "org").');
  }
  if (!Array.isArray(claimedRoles) || !claimedRoles.every((r) => (roles as readonly unknown[]).includes(r))) {
    throw unauthenticated(`The token's roles (claim "roles") must be a list drawn from ${roles.join(', ')}.`);
  }
  if (typeof payload.sub !== 'string' || payload.sub === '') {
    throw unauthenticated('The token names no subject (claim "sub").');
  }
  return {
    anonymous: false,
    subject: payload.sub.slice(0, 200),
    organisation,
    roles: [...new Set(claimedRoles as Role[])],
  };
}

export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/.exec(header.trim());
  if (!match) throw unauthenticated('The Authorization header must be "Bearer <JWT>".');
  return match[1];
}

export function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'The token has expired.';
  if (error instanceof joseErrors.JWTClaimValidationFailed)
    return `The token's "${error.claim}" claim is not accepted.`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'The token signature is not valid.';
  if (error instanceof joseErrors.JOSEAlgNotAllowed)
    return 'The token is signed with an algorithm that is not accepted.';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'The token is signed by an unknown key.';
  return 'The token could not be verified.';
}

/** Algorithms accepted from identity providers; never `none`, never a shared secret. */
const callerAlgorithms = ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'];

export interface CallerTokenSettings {
  /** The identity provider's public keys: a key set, or the URL it is published at. */
  jwks: JSONWebKeySet | URL;
  issuer: string;
  audience: string;
}

/**
 * Verifies a caller's bearer token against the identity provider's keys,
 * issuer and audience. No header: an anonymous caller. A header that does
 * not verify: UNAUTHENTICATED, never a silent downgrade to anonymous.
 */
export function createCallerVerifier(settings: CallerTokenSettings): (authorization?: string) => Promise<Caller> {
  const keys = settings.jwks instanceof URL ? createRemoteJWKSet(settings.jwks) : createLocalJWKSet(settings.jwks);
  return async (authorization) => {
    const token = bearerToken(authorization);
    if (!token) return anonymousCaller;
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: callerAlgorithms,
        // Without a subject the audit log and the rate limiter could not tell two people apart.
        requiredClaims: ['exp', 'sub'],
      });
      return callerFromClaims(payload);
    } catch (error) {
      if (error instanceof GraphQLError) throw error;
      throw unauthenticated(describeJoseError(error));
    }
  };
}
