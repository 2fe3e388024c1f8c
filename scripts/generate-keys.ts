/**
 * `npm run keys -- <dir>`: writes a production key pair for the gateway's
 * internal identity tokens: `gateway-signing.private.jwk.json` (the gateway's
 * alone), `gateway-signing.public.jwk.json` (for every subgraph) and
 * `gateway-signing.jwks.json`, the same public key as a key set, which it also
 * prints, for an authority contributing a subgraph. Refuses to overwrite
 * existing files.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSigningKeyPair, internalIdentityJwks } from '@samverkan/common';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: npm run keys -- <directory>');
  process.exit(2);
}
const files = {
  private: join(dir, 'gateway-signing.private.jwk.json'),
  public: join(dir, 'gateway-signing.public.jwk.json'),
  jwks: join(dir, 'gateway-signing.jwks.json'),
};
if (Object.values(files).some((file) => existsSync(file))) {
  console.error(`${dir} already holds gateway keys; remove them first to rotate`);
  process.exit(1);
}
mkdirSync(dir, { recursive: true, mode: 0o700 });
const pair = generateSigningKeyPair(`gateway-${new Date().toISOString().slice(0, 10)}`);
writeFileSync(files.private, JSON.stringify(pair.privateKey, null, 2) + '\n', { mode: 0o600 });
writeFileSync(files.public, JSON.stringify(pair.publicKey, null, 2) + '\n', { mode: 0o644 });
const jwks = JSON.stringify(internalIdentityJwks(pair.privateKey), null, 2) + '\n';
writeFileSync(files.jwks, jwks, { mode: 0o644 });
// The key set alone on stdout, so it can be piped to an authority; what was written goes to stderr.
console.error(`wrote ${files.private} (gateway only), ${files.public} and ${files.jwks} (subgraphs)`);
process.stdout.write(jwks);
