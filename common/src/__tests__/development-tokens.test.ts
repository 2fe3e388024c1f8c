import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCallerVerifier, ensureDevelopmentKeys, readCallerTokenSettings } from '../identity';
import { developmentClaimsProblem, readDevelopmentTokenIssuer, signDevelopmentToken } from '../identity';

describe('the development identity provider', () => {
  let dir: string;
  beforeAll(() => {
    dir = ensureDevelopmentKeys(mkdtempSync(join(tmpdir(), 'samverkan-dev-tokens-'))).dir;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('signs tokens the gateway accepts, outside production and while callers’ tokens come from it', async () => {
    const env = { DEV_KEYS_DIR: dir };
    const issuer = readDevelopmentTokenIssuer(env)!;
    const token = await signDevelopmentToken(issuer, { org: '0180', roles: ['partner'], sub: 'dev', ttl: '1h' });
    const verify = createCallerVerifier(readCallerTokenSettings(env));
    expect(await verify(`Bearer ${token}`)).toMatchObject({ organisation: '0180', roles: ['partner'] });
  });

  it('is not there in production, nor beside a real identity provider, nor without its private key', () => {
    expect(readDevelopmentTokenIssuer({ DEV_KEYS_DIR: dir, NODE_ENV: 'production' })).toBeUndefined();
    expect(readDevelopmentTokenIssuer({ DEV_KEYS_DIR: dir, AUTH_JWKS_FILE: '/etc/idp/jwks.json' })).toBeUndefined();
    expect(
      readDevelopmentTokenIssuer({ DEV_KEYS_DIR: dir, AUTH_JWKS_URL: 'https://login.example.se/jwks' }),
    ).toBeUndefined();
    expect(readDevelopmentTokenIssuer({ DEV_KEYS_DIR: join(dir, 'elsewhere') })).toBeUndefined();
  });

  it('names what is wrong with the claims asked for', () => {
    expect(developmentClaimsProblem({ org: '0180', roles: ['partner', 'coordinator'] })).toBeUndefined();
    expect(developmentClaimsProblem({ org: 'Polisen!', roles: [] })).toMatch(/^org must be/);
    expect(developmentClaimsProblem({ org: 'polisen', roles: 'partner' })).toMatch(/^roles must be a list/);
    expect(developmentClaimsProblem({ org: 'polisen', roles: ['god'] })).toBe(
      'unknown role god; roles are partner, coordinator, admin',
    );
    expect(developmentClaimsProblem({ org: 'polisen', roles: [], ttl: 'forever' })).toMatch(/^ttl must be/);
  });
});
