import { internalIdentityJwks } from '@samverkan/common';
import type { Express, Request, Response } from 'express';
import type { JWK } from 'jose';

/** Where the gateway publishes the public keys its identity tokens verify with. */
export const jwksPath = '/.well-known/jwks.json';

/**
 * Serves the public half of the gateway's signing key as a JWKS, so a
 * subgraph, in whatever language, can verify the identity the gateway
 * forwards (see docs/contributing-a-subgraph.md). Public, like any JWKS.
 */
export function mountJwks(app: Express, signingKey: JWK): void {
  // Computed once: the key changes only with a restart, and a request must not touch the private key.
  const body = JSON.stringify(internalIdentityJwks(signingKey));
  app.get(jwksPath, (_request: Request, response: Response) => {
    // Five minutes: verifiers refetch soon enough after a key rotation, and the gateway is not asked per token.
    response.set('cache-control', 'public, max-age=300').type('application/jwk-set+json').send(body);
  });
}
