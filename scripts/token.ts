/**
 * `npm run token -- --org polisen --role partner [--role coordinator] [--sub name] [--ttl 8h]`
 * prints a caller token signed by the development identity provider whose
 * keys `npm start` creates, for the playground's Authorization header:
 *   {"Authorization": "Bearer <token>"}
 * Refused in production mode: there, tokens come from the real identity provider.
 */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { importJWK, SignJWT, type JWK } from 'jose';
import {
  defaultDevelopmentKeyDir,
  developmentAudience,
  developmentIssuer,
  ensureDevelopmentKeys,
  roles,
  type Role,
} from '@samverkan/common';

function fail(message: string): never {
  console.error(`token: ${message}`);
  process.exit(2);
}

async function main() {
  if (process.env.NODE_ENV === 'production') fail('development tokens are refused in production mode');
  const { values } = parseArgs({
    options: {
      org: { type: 'string' },
      role: { type: 'string', multiple: true },
      sub: { type: 'string', default: 'dev-user' },
      ttl: { type: 'string', default: '8h' },
    },
  });
  if (!values.org || !/^(\d{4}|[a-z][a-z0-9-]{1,63})$/.test(values.org)) {
    fail('--org must be an authority id (polisen, arbetsformedlingen, forsakringskassan) or a municipality code');
  }
  const claimed = values.role ?? [];
  const unknown = claimed.filter((r) => !(roles as readonly string[]).includes(r));
  if (unknown.length) fail(`unknown role ${unknown.join(', ')}; roles are ${roles.join(', ')}`);
  if (!/^\d+[smhd]$/.test(values.ttl!)) fail('--ttl must be a number with s, m, h or d, e.g. 8h');

  const files = ensureDevelopmentKeys(process.env.DEV_KEYS_DIR ?? defaultDevelopmentKeyDir);
  const privateKey = JSON.parse(readFileSync(files.callerPrivateKey, 'utf8')) as JWK;
  const token = await new SignJWT({ org: values.org, roles: claimed as Role[] })
    .setProtectedHeader({ alg: 'EdDSA', kid: privateKey.kid })
    .setIssuer(developmentIssuer)
    .setAudience(developmentAudience)
    .setSubject(values.sub!)
    .setIssuedAt()
    .setExpirationTime(values.ttl!)
    .sign(await importJWK(privateKey, 'EdDSA'));
  process.stdout.write(token + '\n');
}

void main();
