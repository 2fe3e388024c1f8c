/**
 * `npm run keys -- <dir>`: writes a production key pair for the gateway's
 * internal identity tokens: `gateway-signing.private.jwk.json` (the gateway's
 * alone) and `gateway-signing.public.jwk.json` (for every subgraph). Refuses
 * to overwrite existing files.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSigningKeyPair } from '@samverkan/common';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: npm run keys -- <directory>');
  process.exit(2);
}
const files = {
  private: join(dir, 'gateway-signing.private.jwk.json'),
  public: join(dir, 'gateway-signing.public.jwk.json'),
};
if (existsSync(files.private) || existsSync(files.public)) {
  console.error(`${dir} already holds gateway keys; remove them first to rotate`);
  process.exit(1);
}
mkdirSync(dir, { recursive: true, mode: 0o700 });
const pair = generateSigningKeyPair(`gateway-${new Date().toISOString().slice(0, 10)}`);
writeFileSync(files.private, JSON.stringify(pair.privateKey, null, 2) + '\n', { mode: 0o600 });
writeFileSync(files.public, JSON.stringify(pair.publicKey, null, 2) + '\n', { mode: 0o644 });
console.log(`wrote ${files.private} (gateway only) and ${files.public} (subgraphs)`);
