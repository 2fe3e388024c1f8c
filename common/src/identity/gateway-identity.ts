import { createPrivateKey, createPublicKey, randomUUID, sign, type JsonWebKey } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { importJWK, jwtVerify, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose';
import { ReplayCache, type TokenLedger } from '../replay-cache';
import {
  anonymousCaller,
  bearerToken,
  bodySha256,
  callerFromClaims,
  describeJoseError,
  unauthenticated,
  type Caller,
} from './caller';

/** The issuer and audience of the gateway's internal identity tokens. */
const internalIssuer = 'samverkan-gateway';

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
 *
 * A compact JWS that any JOSE library verifies, built here rather than by
 * jose's SignJWT: it is signed on every fetch, and SignJWT's generality (claim
 * builders, header checks, key lookups, each a promise) cost twice the
 * Ed25519 signature itself.
 */
export function createInternalIdentitySigner(
  privateKey: JWK,
  lifetimeSeconds = 15,
): (
  caller: Caller,
  fetch: { subgraph: string; body: string; operation?: string; operationHash?: string },
) => Promise<string> {
  const key = createPrivateKey({ key: privateKey as JsonWebKey, format: 'jwk' });
  // Configuration refuses any other key already (key-config.ts); a caller that hands one in directly gets no
  // tokens that claim EdDSA over another algorithm's signature.
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`the gateway's signing key must be an Ed25519 key, not ${key.asymmetricKeyType}`);
  }
  const header = base64url(JSON.stringify({ alg: 'EdDSA', kid: privateKey.kid }));
  return async (caller, { subgraph, body, operation, operationHash }) => {
    // Read as jose reads it when verifying (new Date(), not Date.now(), which tests hold still to age a key set).
    const issuedAt = Math.floor(new Date().getTime() / 1000);
    const claims = {
      anon: caller.anonymous,
      org: caller.organisation,
      roles: caller.roles,
      op: operation,
      doc: operationHash,
      bh: bodySha256(body),
      iss: internalIssuer,
      aud: internalAudienceOf(subgraph),
      sub: caller.subject ?? 'anonymous',
      jti: randomUUID(),
      iat: issuedAt,
      exp: issuedAt + lifetimeSeconds,
    };
    const signingInput = `${header}.${base64url(JSON.stringify(claims))}`;
    return `${signingInput}.${sign(null, Buffer.from(signingInput), key).toString('base64url')}`;
  };
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
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
