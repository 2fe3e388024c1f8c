import {
  anonymousCaller,
  createInternalIdentitySigner,
  generateSigningKeyPair,
  type Caller,
  type CallerTokenSettings,
} from '@samverkan/common';
import { importJWK, SignJWT, type JWK } from 'jose';

/** Keys made for this test run: a stand-in identity provider and the gateway's signing pair. */
export const testKeys = {
  caller: generateSigningKeyPair('test-identity-provider'),
  gateway: generateSigningKeyPair('test-gateway'),
};

export const testIssuer = 'https://login.example.test';
export const testAudience = 'samverkan-test';

export const testCallerTokens: CallerTokenSettings = {
  jwks: { keys: [testKeys.caller.publicKey] },
  issuer: testIssuer,
  audience: testAudience,
};

export interface TokenOptions {
  org?: string;
  roles?: string[];
  /** The subject; null leaves the claim out. */
  sub?: string | null;
  issuer?: string;
  audience?: string;
  /** A JWT time span or an epoch second, e.g. '10m' or a past time for an expired token. */
  expiresAt?: string | number;
  /** Sign with another key than the test identity provider's. */
  key?: JWK;
}

/** A caller token as the identity provider would issue it, or deliberately wrong in one respect. */
export async function callerToken(options: TokenOptions = {}): Promise<string> {
  const key = options.key ?? testKeys.caller.privateKey;
  const token = new SignJWT({ org: options.org ?? 'polisen', roles: options.roles ?? ['partner'] })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
    .setIssuer(options.issuer ?? testIssuer)
    .setAudience(options.audience ?? testAudience);
  if (options.sub !== null) token.setSubject(options.sub ?? 'test-user');
  return token
    .setIssuedAt()
    .setExpirationTime(options.expiresAt ?? '10m')
    .sign(await importJWK(key, 'EdDSA'));
}

const signAsGateway = createInternalIdentitySigner(testKeys.gateway.privateKey);

/** Headers of a request as the gateway sends it to a subgraph, on behalf of `caller`, for exactly `body`. */
export async function gatewayHeaders(
  subgraph: string,
  body: string,
  caller: Caller = anonymousCaller,
): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await signAsGateway(caller, { subgraph, body })}` };
}
