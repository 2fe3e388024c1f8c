/**
 * Who is asking, and how each service knows: callers' tokens from the
 * identity provider (caller.ts), the identity the gateway signs for each
 * subgraph fetch (gateway-identity.ts), the development keys `npm start`
 * creates (development-keys.ts) and the tokens signed with them
 * (development-tokens.ts), and the key settings read at start
 * (key-config.ts), which only read.
 */
export {
  anonymousCaller,
  bodySha256,
  createCallerVerifier,
  roles,
  unauthenticated,
  type Caller,
  type CallerTokenSettings,
  type Role,
} from './caller';
export {
  createInternalIdentitySigner,
  createInternalIdentityVerifier,
  internalAudienceOf,
  internalIdentityJwks,
  publicJwk,
  type InternalIdentityVerifier,
} from './gateway-identity';
export {
  defaultDevelopmentKeyDir,
  developmentAudience,
  developmentIssuer,
  developmentKeyFiles,
  developmentKeyIdPrefix,
  ensureDevelopmentKeys,
  generateSigningKeyPair,
  prepareDevelopmentKeys,
  type DevelopmentKeyFiles,
} from './development-keys';
export {
  developmentClaimsProblem,
  readDevelopmentTokenIssuer,
  signDevelopmentToken,
  type DevelopmentTokenClaims,
  type DevelopmentTokenIssuer,
} from './development-tokens';
export { readCallerTokenSettings, readGatewayPublicKey, readGatewaySigningKey } from './key-config';
