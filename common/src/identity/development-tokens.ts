import { existsSync, readFileSync } from 'node:fs';
import { importJWK, SignJWT, type JWK } from 'jose';
import { readOptionalString, readOptionalUrl, readString } from '../config';
import { roles, type Role } from './caller';
import {
  defaultDevelopmentKeyDir,
  developmentAudience,
  developmentIssuer,
  developmentKeyFiles,
  isProduction,
} from './development-keys';

/** The development identity provider: its private key, issuer and audience. Never in production. */
export interface DevelopmentTokenIssuer {
  privateKey: JWK;
  issuer: string;
  audience: string;
}

export interface DevelopmentTokenClaims {
  /** An authority id (polisen, …), a municipality code (0180) or another organisation id. */
  org: string;
  roles: Role[];
  sub: string;
  /** A JWT time span such as 8h. */
  ttl: string;
}

const organisationPattern = /^(\d{4}|[a-z][a-z0-9-]{1,63})$/;

/**
 * The development identity provider, when callers' tokens come from it: outside production, with no
 * `AUTH_JWKS_FILE` or `AUTH_JWKS_URL`. Undefined otherwise, so that nothing can issue tokens a real provider's
 * callers would be checked against. Only reads: the keys exist once a service has started (`prepareDevelopmentKeys`).
 */
export function readDevelopmentTokenIssuer(
  env: Record<string, string | undefined>,
): DevelopmentTokenIssuer | undefined {
  if (isProduction(env) || readOptionalString(env, 'AUTH_JWKS_FILE') || readOptionalUrl(env, 'AUTH_JWKS_URL')) {
    return undefined;
  }
  const files = developmentKeyFiles(readString(env, 'DEV_KEYS_DIR', defaultDevelopmentKeyDir));
  // A keys folder without the provider's private key (copied in part, say): no sign-in, and the service still starts.
  if (!existsSync(files.callerPrivateKey)) return undefined;
  return {
    privateKey: JSON.parse(readFileSync(files.callerPrivateKey, 'utf8')) as JWK,
    issuer: readString(env, 'AUTH_ISSUER', developmentIssuer),
    audience: readString(env, 'AUTH_AUDIENCE', developmentAudience),
  };
}

/** What is wrong with the claims asked for, in words; undefined when they may be signed. */
export function developmentClaimsProblem(claims: {
  org?: unknown;
  roles?: unknown;
  ttl?: unknown;
}): string | undefined {
  if (typeof claims.org !== 'string' || !organisationPattern.test(claims.org)) {
    return 'org must be an authority id (polisen, arbetsformedlingen, forsakringskassan) or a municipality code';
  }
  if (!Array.isArray(claims.roles)) return `roles must be a list of ${roles.join(', ')}`;
  const unknown = claims.roles.filter((r) => !(roles as readonly unknown[]).includes(r));
  if (unknown.length) return `unknown role ${unknown.map(String).join(', ')}; roles are ${roles.join(', ')}`;
  if (claims.ttl !== undefined && (typeof claims.ttl !== 'string' || !/^\d+[smhd]$/.test(claims.ttl))) {
    return 'ttl must be a number with s, m, h or d, e.g. 8h';
  }
  return undefined;
}

/** A caller token from the development identity provider, as `npm run token` and the dashboard's sign-in give. */
export async function signDevelopmentToken(
  issuer: DevelopmentTokenIssuer,
  claims: DevelopmentTokenClaims,
): Promise<string> {
  return new SignJWT({ org: claims.org, roles: claims.roles })
    .setProtectedHeader({ alg: 'EdDSA', kid: issuer.privateKey.kid })
    .setIssuer(issuer.issuer)
    .setAudience(issuer.audience)
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(claims.ttl)
    .sign(await importJWK(issuer.privateKey, 'EdDSA'));
}
