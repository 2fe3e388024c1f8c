/**
 * Prints a caller token signed by the development identity provider whose keys `npm start` creates, and nothing
 * else, so that `$(npm run -s token -- --org polisen --role partner)` is the token. `--help` for the options.
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

const usage = `Prints a development caller token for the gateway, e.g. for the playground's Authorization header.

usage: npm run -s token -- --org <organisation> [--role <role>]... [--sub <name>] [--ttl <duration>]

  --org    polisen, arbetsformedlingen, forsakringskassan or a municipality code such as 0180 (required)
  --role   ${roles.join(', ')}; repeat for more than one (none: a signed-in caller without roles)
  --sub    the subject, a made-up user name (default dev-user)
  --ttl    how long it is valid: a number with s, m, h or d (default 8h)
  --help   this text

  TOKEN=$(npm run -s token -- --org polisen --role partner)
  curl -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '{"query":"{ viewer { organisation roles } }"}' http://127.0.0.1:4000/graphql

Development tokens only: refused when NODE_ENV=production.
`;

function fail(message: string): never {
  console.error(`token: ${message}\n(npm run -s token -- --help for usage)`);
  process.exit(2);
}

function readArguments() {
  try {
    return parseArgs({
      options: {
        org: { type: 'string' },
        role: { type: 'string', multiple: true },
        sub: { type: 'string', default: 'dev-user' },
        ttl: { type: 'string', default: '8h' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    // parseArgs' own words ("Unknown option '--rol'"), without its stack.
    return fail((error as Error).message);
  }
}

async function main() {
  const values = readArguments();
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  if (process.env.NODE_ENV === 'production') fail('development tokens are refused in production mode');
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

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
