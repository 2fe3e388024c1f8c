import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  type JsonWebKey,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLError } from 'graphql';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors as joseErrors,
  importJWK,
  jwtVerify,
  SignJWT,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
} from 'jose';
import { ConfigError, readOptionalString, readOptionalUrl, readString } from './config';
import { ReplayCache, type TokenLedger } from './replay-cache';
import { repositoryPath } from './repository';

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

/** Key ids of generated development keys start with this; production refuses them. */
export const developmentKeyIdPrefix = 'samverkan-dev-';

/** The issuer and audience of the gateway's internal identity tokens. */
const internalIssuer = 'samverkan-gateway';

const organisationPattern = /^(\d{4}|[a-z][a-z0-9-]{1,63})$/;

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

function callerFromClaims(payload: JWTPayload): Caller {
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

function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/.exec(header.trim());
  if (!match) throw unauthenticated('The Authorization header must be "Bearer <JWT>".');
  return match[1];
}

function describeJoseError(error: unknown): string {
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

/** The audience of the identity tokens meant for one subgraph: a token for one is refused by the others. */
export function internalAudienceOf(subgraph: string): string {
  return `samverkan-subgraph:${subgraph}`;
}

/**
 * Signs the identity the gateway forwards to one subgraph for one fetch:
 * addressed to that subgraph alone, for that request body alone (`bh`, its
 * SHA-256), used once (a fresh `jti`), valid for seconds, and signed with a
 * key only the gateway holds, so a subgraph can tell the gateway's requests
 * from anyone else's and a captured header opens nothing else.
 */
export function createInternalIdentitySigner(
  privateKey: JWK,
  lifetimeSeconds = 15,
): (
  caller: Caller,
  fetch: { subgraph: string; body: string; operation?: string; operationHash?: string },
) => Promise<string> {
  const key = importJWK(privateKey, 'EdDSA');
  return async (caller, { subgraph, body, operation, operationHash }) =>
    new SignJWT({
      anon: caller.anonymous,
      org: caller.organisation,
      roles: caller.roles,
      op: operation,
      doc: operationHash,
      bh: bodySha256(body),
    })
      .setProtectedHeader({ alg: 'EdDSA', kid: privateKey.kid })
      .setIssuer(internalIssuer)
      .setAudience(internalAudienceOf(subgraph))
      .setSubject(caller.subject ?? 'anonymous')
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${lifetimeSeconds}s`)
      .sign(await key);
}

/** The subgraph's side of the gateway's identity, in two steps around reading the request body. */
export interface InternalIdentityVerifier {
  /**
   * Before the body is read: the token is the gateway's, addressed to this
   * subgraph, within its short life, and bound to a body. Gives the caller it
   * vouches for, with `boundBodySha256`.
   */
  verify(authorization?: string): Promise<Caller>;
  /**
   * Once the body is read: it is the body the token was signed for, and this
   * is the token's first use. A token is spent only by the request it was
   * signed for, so a forged body does not burn a token still on its way.
   */
  claim(caller: Caller, bodySha256: string | undefined): Promise<void>;
}

/**
 * Verifies the gateway's identity token on the subgraph it is addressed to:
 * each is good for one fetch of one body. Seen ids are kept only until the
 * tokens would have expired anyway.
 */
export function createInternalIdentityVerifier(
  publicKey: JWK,
  subgraph: string,
  seen: TokenLedger = new ReplayCache(),
): InternalIdentityVerifier {
  const key = importJWK(publicKey, 'EdDSA');
  const pending = new WeakMap<Caller, { jti: string; exp: number }>();
  return {
    async verify(authorization) {
      const token = bearerToken(authorization);
      if (!token) throw unauthenticated('This service answers only requests that come through the gateway.');
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, await key, {
          issuer: internalIssuer,
          audience: internalAudienceOf(subgraph),
          algorithms: ['EdDSA'],
          requiredClaims: ['exp', 'jti', 'bh'],
          maxTokenAge: '2m',
        }));
      } catch (error) {
        throw unauthenticated(`The gateway identity could not be verified: ${describeJoseError(error)}`);
      }
      if (typeof payload.bh !== 'string' || !/^[0-9a-f]{64}$/.test(payload.bh)) {
        throw unauthenticated('The gateway identity names no request body.');
      }
      const caller: Caller = {
        ...(payload.anon === true ? anonymousCaller : callerFromClaims(payload)),
        boundBodySha256: payload.bh,
        ...(typeof payload.op === 'string' ? { operation: payload.op.slice(0, 200) } : {}),
        ...(typeof payload.doc === 'string' && /^[0-9a-f]{64}$/.test(payload.doc)
          ? { operationHash: payload.doc }
          : {}),
      };
      pending.set(caller, { jti: payload.jti!, exp: payload.exp! });
      return caller;
    },
    async claim(caller, bodySha256) {
      const token = pending.get(caller);
      if (!token) throw unauthenticated('This service answers only requests that come through the gateway.');
      pending.delete(caller);
      if (bodySha256 === undefined || bodySha256 !== caller.boundBodySha256) {
        throw unauthenticated('The gateway identity was issued for another request.');
      }
      let first: boolean;
      try {
        first = await seen.firstUse(token.jti, token.exp);
      } catch {
        // Fail closed: a token whose first use cannot be proven is not accepted, and the gateway may try again.
        throw new GraphQLError('The record of used gateway identities cannot be reached; try again shortly.', {
          extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503, headers: new Map([['retry-after', '1']]) } },
        });
      }
      if (!first) throw unauthenticated('The gateway identity has been used before.');
    },
  };
}

/**
 * The public half of a signing key, fit to publish: only public members
 * (`kty`, `crv`, `x`, ...; never `d`), with the key's `kid` and `alg` and
 * `use: "sig"`.
 */
export function publicJwk(privateKey: JWK): JWK {
  // Derived from `d` rather than copied minus the private members: a member nobody thought to strip cannot leak,
  // and an `x` that does not match `d` is not published. Through a private KeyObject, since createPublicKey
  // given a private JWK takes its `x` on trust.
  const derived = createPublicKey(createPrivateKey({ key: privateKey as JsonWebKey, format: 'jwk' })).export({
    format: 'jwk',
  });
  return {
    ...(derived as JWK),
    ...(privateKey.kid === undefined ? {} : { kid: privateKey.kid }),
    ...(privateKey.alg === undefined ? {} : { alg: privateKey.alg }),
    use: 'sig',
  };
}

/**
 * The key set subgraphs verify the gateway's identity tokens with, as the
 * gateway serves it at `/.well-known/jwks.json` and `npm run keys` writes it.
 */
export function internalIdentityJwks(signingKey: JWK): JSONWebKeySet {
  // The signer uses EdDSA whatever the key file says; a verifier that trusts `alg` from the set must see that.
  return { keys: [{ ...publicJwk(signingKey), alg: 'EdDSA' }] };
}

/** Files of the development keys `npm start` creates on first run. */
export interface DevelopmentKeyFiles {
  dir: string;
  /** Signs development caller tokens (`npm run token`). */
  callerPrivateKey: string;
  /** The development identity provider's public key set. */
  callerJwks: string;
  gatewayPrivateKey: string;
  gatewayPublicKey: string;
}

export function developmentKeyFiles(dir: string): DevelopmentKeyFiles {
  return {
    dir,
    callerPrivateKey: join(dir, 'caller-signing.private.jwk.json'),
    callerJwks: join(dir, 'caller.jwks.json'),
    gatewayPrivateKey: join(dir, 'gateway-signing.private.jwk.json'),
    gatewayPublicKey: join(dir, 'gateway-signing.public.jwk.json'),
  };
}

/** `.data/dev-keys` at the repository root. */
export const defaultDevelopmentKeyDir = repositoryPath('.data', 'dev-keys');

/** The issuer and audience of development caller tokens. */
export const developmentIssuer = 'samverkan-dev';
export const developmentAudience = 'samverkan';

/** A fresh Ed25519 key pair as JWKs with the given key id. */
export function generateSigningKeyPair(kid: string): { privateKey: JWK; publicKey: JWK } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: { ...(privateKey.export({ format: 'jwk' }) as JWK), kid, alg: 'EdDSA', use: 'sig' },
    publicKey: { ...(publicKey.export({ format: 'jwk' }) as JWK), kid, alg: 'EdDSA', use: 'sig' },
  };
}

function writeOnce(file: string, value: unknown): void {
  try {
    writeFileSync(file, JSON.stringify(value, null, 2) + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    // Another service started at the same moment wrote it first; theirs stands.
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
  }
}

/**
 * Creates the development key pairs unless they exist: one for the
 * development identity provider (`npm run token`), one for the gateway's
 * internal identity tokens. Key ids mark them as development keys.
 */
export function ensureDevelopmentKeys(dir: string = defaultDevelopmentKeyDir): DevelopmentKeyFiles {
  const files = developmentKeyFiles(dir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(files.callerPrivateKey)) {
    const caller = generateSigningKeyPair(`${developmentKeyIdPrefix}caller`);
    writeOnce(files.callerPrivateKey, caller.privateKey);
    writeOnce(files.callerJwks, { keys: [caller.publicKey] });
  }
  if (!existsSync(files.gatewayPrivateKey)) {
    const gateway = generateSigningKeyPair(`${developmentKeyIdPrefix}gateway`);
    writeOnce(files.gatewayPrivateKey, gateway.privateKey);
    writeOnce(files.gatewayPublicKey, gateway.publicKey);
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

function isProduction(env: Record<string, string | undefined>): boolean {
  return env.NODE_ENV === 'production';
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
    const path = file ?? ensureDevelopmentKeys(readString(env, 'DEV_KEYS_DIR', defaultDevelopmentKeyDir)).callerJwks;
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
  const path =
    file ?? developmentFile(ensureDevelopmentKeys(readString(env, 'DEV_KEYS_DIR', defaultDevelopmentKeyDir)));
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
