import { existsSync, readFileSync } from 'node:fs';
import type { JSONWebKeySet, JWK } from 'jose';
import { ConfigError, readOptionalString, readOptionalUrl, readString } from '../config';
import type { CallerTokenSettings } from './caller';
import {
  defaultDevelopmentKeyDir,
  developmentAudience,
  developmentIssuer,
  developmentKeyFiles,
  developmentKeyIdPrefix,
  isProduction,
  type DevelopmentKeyFiles,
} from './development-keys';

/**
 * The development keys outside production, which must exist by now: reading
 * configuration only reads, and the start of each service creates them
 * first (`prepareDevelopmentKeys`).
 */
function existingDevelopmentKeys(env: Record<string, string | undefined>, variable: string): DevelopmentKeyFiles {
  const files = developmentKeyFiles(readString(env, 'DEV_KEYS_DIR', defaultDevelopmentKeyDir));
  if (!existsSync(files.gatewayPrivateKey) || !existsSync(files.callerJwks)) {
    throw new ConfigError(
      variable,
      `is unset and ${files.dir} holds no development keys; npm start creates them (or set ${variable})`,
    );
  }
  return files;
}

function readJson<T>(variable: string, file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new ConfigError(variable, `names ${file}, which is not a readable JSON file (${(error as Error).message})`);
  }
}

/**
 * In production, a development key is refused by its `kid`, and by its material: a key whose public part is one of
 * the development keys in `DEV_KEYS_DIR` is refused whatever it is called. Only read: nothing is created here.
 */
function refuseDevelopmentKey(env: Record<string, string | undefined>, variable: string, keys: JWK[]): void {
  if (!isProduction(env)) return;
  const files = developmentKeyFiles(readString(env, 'DEV_KEYS_DIR', defaultDevelopmentKeyDir));
  const developmentMaterial = new Set<string>();
  for (const file of [files.callerJwks, files.gatewayPublicKey]) {
    if (!existsSync(file)) continue;
    try {
      const content = JSON.parse(readFileSync(file, 'utf8')) as JWK | JSONWebKeySet;
      for (const key of 'keys' in content ? content.keys : [content]) if (key.x) developmentMaterial.add(key.x);
    } catch {
      // An unreadable development file holds no key to compare with.
    }
  }
  if (
    keys.some((k) => k.kid?.startsWith(developmentKeyIdPrefix) || (k.x !== undefined && developmentMaterial.has(k.x)))
  ) {
    throw new ConfigError(variable, 'holds a development key, which production mode (NODE_ENV=production) refuses');
  }
}

/**
 * The identity provider the gateway trusts: `AUTH_JWKS_FILE` or
 * `AUTH_JWKS_URL`, with `AUTH_ISSUER` and `AUTH_AUDIENCE`. Outside
 * production, unset means the development provider whose keys `npm start`
 * creates; in production all are required and development keys are refused.
 */
export function readCallerTokenSettings(env: Record<string, string | undefined>): CallerTokenSettings {
  const file = readOptionalString(env, 'AUTH_JWKS_FILE');
  const url = readOptionalUrl(env, 'AUTH_JWKS_URL');
  if (file && url) throw new ConfigError('AUTH_JWKS_FILE', 'and AUTH_JWKS_URL are both set; set one');
  if (isProduction(env) && !file && !url) {
    throw new ConfigError('AUTH_JWKS_FILE', 'or AUTH_JWKS_URL is required in production mode');
  }
  if (url) {
    if (isProduction(env) && new URL(url).protocol !== 'https:') {
      throw new ConfigError('AUTH_JWKS_URL', 'must be an https URL in production mode');
    }
  }
  let jwks: JSONWebKeySet | URL;
  if (url) jwks = new URL(url);
  else {
    const variable = 'AUTH_JWKS_FILE';
    const path = file ?? existingDevelopmentKeys(env, variable).callerJwks;
    jwks = readJson<JSONWebKeySet>(variable, path);
    if (!Array.isArray(jwks.keys)) throw new ConfigError(variable, `names ${path}, which holds no "keys" list`);
    refuseDevelopmentKey(env, variable, jwks.keys);
  }
  const issuer = isProduction(env) ? readString(env, 'AUTH_ISSUER') : readString(env, 'AUTH_ISSUER', developmentIssuer);
  const audience = isProduction(env)
    ? readString(env, 'AUTH_AUDIENCE')
    : readString(env, 'AUTH_AUDIENCE', developmentAudience);
  return { jwks, issuer, audience };
}

/** The gateway's private signing key: `GATEWAY_SIGNING_KEY_FILE`, or the development key outside production. */
export function readGatewaySigningKey(env: Record<string, string | undefined>): JWK {
  return readKeyFile(env, 'GATEWAY_SIGNING_KEY_FILE', 'private', (files) => files.gatewayPrivateKey);
}

/** The gateway's public key, which a subgraph verifies identities with: `GATEWAY_PUBLIC_KEY_FILE`. */
export function readGatewayPublicKey(env: Record<string, string | undefined>): JWK {
  return readKeyFile(env, 'GATEWAY_PUBLIC_KEY_FILE', 'public', (files) => files.gatewayPublicKey);
}

/**
 * A key file of the kind its variable names. A private key where the public one belongs would hand every subgraph
 * the gateway's signing key; a public key where the private one belongs would start a gateway that fails every
 * request: both are refused at start.
 */
function readKeyFile(
  env: Record<string, string | undefined>,
  variable: string,
  kind: 'private' | 'public',
  developmentFile: (files: DevelopmentKeyFiles) => string,
): JWK {
  const file = readOptionalString(env, variable);
  if (!file && isProduction(env)) throw new ConfigError(variable, 'is required in production mode');
  const path = file ?? developmentFile(existingDevelopmentKeys(env, variable));
  const key = readJson<JWK>(variable, path);
  if (key.kty !== 'OKP' || key.crv !== 'Ed25519') {
    throw new ConfigError(variable, `names ${path}, which is not an Ed25519 JWK`);
  }
  if (kind === 'public' && key.d !== undefined) {
    throw new ConfigError(variable, `names ${path}, which holds a private key; give the public key only`);
  }
  if (kind === 'private' && typeof key.d !== 'string') {
    throw new ConfigError(variable, `names ${path}, which holds no private key ("d"); give the gateway's signing key`);
  }
  refuseDevelopmentKey(env, variable, [key]);
  return key;
}
