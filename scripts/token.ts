/**
 * Prints a caller token signed by the development identity provider whose keys `npm start` creates, and nothing
 * else, so that `$(npm run -s token -- --org polisen --role partner)` is the token. `--help` for the options.
 * Refused in production mode: there, tokens come from the real identity provider.
 */
import { parseArgs } from 'node:util';
import {
  defaultDevelopmentKeyDir,
  developmentClaimsProblem,
  ensureDevelopmentKeys,
  readDevelopmentTokenIssuer,
  roles,
  signDevelopmentToken,
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
  ensureDevelopmentKeys(process.env.DEV_KEYS_DIR ?? defaultDevelopmentKeyDir);
  const issuer = readDevelopmentTokenIssuer(process.env);
  if (!issuer) fail("AUTH_JWKS_FILE or AUTH_JWKS_URL is set: callers' tokens come from that provider, not from here");
  const problem = developmentClaimsProblem({ org: values.org, roles: values.role ?? [], ttl: values.ttl });
  if (problem) fail(problem);
  const token = await signDevelopmentToken(issuer, {
    org: values.org!,
    roles: (values.role ?? []) as Role[],
    sub: values.sub!,
    ttl: values.ttl!,
  });
  process.stdout.write(token + '\n');
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
