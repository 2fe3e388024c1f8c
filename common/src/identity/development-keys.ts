import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { readString } from '../config';
import { repositoryPath } from '../repository';

/** Key ids of generated development keys start with this; production refuses them. */
export const developmentKeyIdPrefix = 'samverkan-dev-';

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

export function isProduction(env: Record<string, string | undefined>): boolean {
  return env.NODE_ENV === 'production';
}

/**
 * Outside production, creates the development keys in `DEV_KEYS_DIR` unless
 * they exist: run by each service's start before its configuration is read,
 * which only reads. In production it does nothing: keys are the operator's.
 */
export function prepareDevelopmentKeys(env: Record<string, string | undefined> = process.env): void {
  if (!isProduction(env)) ensureDevelopmentKeys(readString(env, 'DEV_KEYS_DIR', defaultDevelopmentKeyDir));
}
