import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, createLocalJWKSet, importJWK, jwtVerify, type JWK } from 'jose';
import {
  anonymousCaller,
  createCallerVerifier,
  bodySha256,
  createInternalIdentitySigner,
  createInternalIdentityVerifier,
  ensureDevelopmentKeys,
  prepareDevelopmentKeys,
  generateSigningKeyPair,
  internalIdentityJwks,
  publicJwk,
  readCallerTokenSettings,
  readGatewayPublicKey,
  readGatewaySigningKey,
} from '../identity';
import { callerToken, testCallerTokens, testKeys } from '../../../test/support/identity';

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('caller tokens', () => {
  const verify = createCallerVerifier(testCallerTokens);

  it('treats a request without a token as anonymous', async () => {
    expect(await verify(undefined)).toEqual(anonymousCaller);
  });

  it('accepts a valid token and reads organisation and roles from it', async () => {
    const token = await callerToken({ org: '0180', roles: ['partner', 'coordinator'], sub: 'anna' });
    expect(await verify(`Bearer ${token}`)).toEqual({
      anonymous: false,
      subject: 'anna',
      organisation: '0180',
      roles: ['partner', 'coordinator'],
    });
  });

  it.each([
    ['expired', () => callerToken({ expiresAt: Math.floor(Date.now() / 1000) - 60 }), /expired/],
    [
      'signed by another key',
      () => callerToken({ key: generateSigningKeyPair('rogue').privateKey }),
      /unknown key|signature/,
    ],
    ['from another issuer', () => callerToken({ issuer: 'https://evil.example' }), /"iss" claim/],
    ['for another audience', () => callerToken({ audience: 'someone-else' }), /"aud" claim/],
    ['without an organisation', () => callerToken({ org: '' }), /organisation/],
    ['with an unknown role', () => callerToken({ roles: ['superuser'] }), /roles/],
    ['without a subject', () => callerToken({ sub: null }), /"sub" claim/],
  ])('refuses a token %s with UNAUTHENTICATED', async (_, make, reason) => {
    const token = await make();
    await expect(verify(`Bearer ${token}`)).rejects.toMatchObject({
      message: expect.stringMatching(reason),
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: testCallerTokens.issuer,
      aud: testCallerTokens.audience,
      exp: now + 600,
      org: 'polisen',
      roles: ['admin'],
    };
    const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
    await expect(verify(`Bearer ${token}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a token signed with a shared secret (HS256) even if the key set were public', async () => {
    const token = await new SignJWT({ org: 'polisen', roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(testCallerTokens.issuer)
      .setAudience(testCallerTokens.audience)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('x'.repeat(32)));
    await expect(verify(`Bearer ${token}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses an Authorization header that is not a bearer JWT', async () => {
    for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer not-a-jwt', `Bearer ${'a'.repeat(10)}.b.c extra`]) {
      await expect(verify(header)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    }
  });
});

describe('the identity the gateway forwards', () => {
  const sign = createInternalIdentitySigner(testKeys.gateway.privateKey);
  const body = JSON.stringify({ query: '{ agreements { id } }' });
  const forAgreements = { subgraph: 'agreements', body };
  const bound = { boundBodySha256: bodySha256(body) };
  const verifier = () => createInternalIdentityVerifier(testKeys.gateway.publicKey, 'agreements');

  it('carries the caller and the client operation from gateway to subgraph', async () => {
    const { verify, claim } = verifier();
    const caller = { anonymous: false, subject: 'anna', organisation: 'polisen', roles: ['partner' as const] };
    const verified = await verify(`Bearer ${await sign(caller, forAgreements)}`);
    expect(verified).toEqual({ ...caller, ...bound });
    await expect(claim(verified, bodySha256(body))).resolves.toBeUndefined();
    expect(
      await verify(`Bearer ${await sign(anonymousCaller, { ...forAgreements, operation: 'AgreementOverview' })}`),
    ).toEqual({
      ...anonymousCaller,
      ...bound,
      operation: 'AgreementOverview',
    });
  });

  it('refuses a request without it, and a caller token presented in its place', async () => {
    const { verify } = verifier();
    await expect(verify(undefined)).rejects.toMatchObject({
      message: expect.stringContaining('through the gateway'),
      extensions: { code: 'UNAUTHENTICATED' },
    });
    await expect(verify(`Bearer ${await callerToken()}`)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('refuses a token addressed to another subgraph, and a token used twice', async () => {
    const { verify, claim } = verifier();
    await expect(verify(`Bearer ${await sign(anonymousCaller, { subgraph: 'police', body })}`)).rejects.toMatchObject({
      message: expect.stringContaining('"aud" claim'),
    });
    const token = await sign(anonymousCaller, forAgreements);
    await claim(await verify(`Bearer ${token}`), bodySha256(body));
    const again = await verify(`Bearer ${token}`);
    await expect(claim(again, bodySha256(body))).rejects.toThrow(/used before/);
  });

  it('answers only the body it was signed for, and a forged body does not spend the token', async () => {
    const { verify, claim } = verifier();
    const token = await sign(anonymousCaller, forAgreements);
    const forged = await verify(`Bearer ${token}`);
    await expect(claim(forged, bodySha256('{"query":"{ _service { sdl } }"}'))).rejects.toThrow(
      /issued for another request/,
    );
    const bodiless = await verify(`Bearer ${token}`);
    await expect(claim(bodiless, undefined)).rejects.toThrow(/issued for another request/);
    // The request it was signed for still gets through, once.
    await expect(claim(forged, bodySha256(body))).rejects.toThrow(/through the gateway/);
    const genuine = await verify(`Bearer ${token}`);
    await expect(claim(genuine, bodySha256(body))).resolves.toBeUndefined();
    // A token signed without a body is not one the gateway issues.
    const unbound = await new SignJWT({ anon: true })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer('samverkan-gateway')
      .setAudience('samverkan-subgraph:agreements')
      .setJti('unbound')
      .setIssuedAt()
      .setExpirationTime('15s')
      .sign(await importJWK(testKeys.gateway.privateKey, 'EdDSA'));
    await expect(verify(`Bearer ${unbound}`)).rejects.toMatchObject({ message: expect.stringContaining('"bh"') });
  });

  it('refuses an identity signed by another key or past its short life', async () => {
    const { verify } = verifier();
    const rogue = createInternalIdentitySigner(generateSigningKeyPair('rogue').privateKey);
    await expect(verify(`Bearer ${await rogue(anonymousCaller, forAgreements)}`)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const stale = await new SignJWT({ anon: true, bh: bodySha256(body) })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer('samverkan-gateway')
      .setAudience('samverkan-subgraph:agreements')
      .setJti('stale')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 16)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 1)
      .sign(await importJWK(testKeys.gateway.privateKey, 'EdDSA'));
    await expect(verify(`Bearer ${stale}`)).rejects.toMatchObject({ message: expect.stringContaining('expired') });
  });
});

describe("the gateway's published key set", () => {
  it('holds the public key alone, which verifies what the gateway signs', async () => {
    const jwks = internalIdentityJwks(testKeys.gateway.privateKey);
    expect(jwks).toEqual({ keys: [testKeys.gateway.publicKey] });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    const token = await createInternalIdentitySigner(testKeys.gateway.privateKey)(anonymousCaller, {
      subgraph: 'police',
      body: '{}',
    });
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: 'samverkan-gateway',
      audience: 'samverkan-subgraph:police',
      algorithms: ['EdDSA'],
    });
    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: 'test-gateway' });
    expect(payload).toMatchObject({ sub: 'anonymous', anon: true, roles: [], jti: expect.any(String) });
    expect(payload.exp! - payload.iat!).toBe(15);
  });

  it('makes a signer of an Ed25519 key only', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ecKey = { ...(privateKey.export({ format: 'jwk' }) as JWK), kid: 'ec' };
    expect(() => createInternalIdentitySigner(ecKey)).toThrow(/must be an Ed25519 key, not ec/);
  });

  it('derives the public key from the private one, whatever else the private JWK carries', () => {
    const { privateKey, publicKey } = generateSigningKeyPair('k');
    const published = publicJwk({ ...privateKey, x: generateSigningKeyPair('other').publicKey.x, p: 'secret' });
    expect(published).toEqual(publicKey);
  });
});

describe('key configuration', () => {
  it('only reads: with no development keys yet it names the setting and writes nothing', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'samverkan-keys-')), 'dev-keys');
    expect(() => readGatewayPublicKey({ DEV_KEYS_DIR: dir })).toThrow(
      /GATEWAY_PUBLIC_KEY_FILE is unset and .*dev-keys holds no development keys; npm start creates them/,
    );
    expect(() => readCallerTokenSettings({ DEV_KEYS_DIR: dir })).toThrow(/AUTH_JWKS_FILE is unset/);
    expect(existsSync(dir)).toBe(false);
    // The start of a service creates them, outside production only.
    prepareDevelopmentKeys({ DEV_KEYS_DIR: dir, NODE_ENV: 'production' });
    expect(existsSync(dir)).toBe(false);
    prepareDevelopmentKeys({ DEV_KEYS_DIR: dir });
    expect(readGatewayPublicKey({ DEV_KEYS_DIR: dir }).kid).toBe('samverkan-dev-gateway');
  });

  it('creates development keys once and reuses them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'samverkan-keys-'));
    const first = ensureDevelopmentKeys(dir);
    const jwks = readFileSync(first.callerJwks, 'utf8');
    ensureDevelopmentKeys(dir);
    expect(readFileSync(first.callerJwks, 'utf8')).toBe(jwks);
    const settings = readCallerTokenSettings({ DEV_KEYS_DIR: dir });
    expect(settings.issuer).toBe('samverkan-dev');
    expect(readGatewayPublicKey({ DEV_KEYS_DIR: dir }).kid).toBe('samverkan-dev-gateway');
  });

  it('refuses development keys and missing settings in production mode', () => {
    const dir = mkdtempSync(join(tmpdir(), 'samverkan-keys-'));
    const files = ensureDevelopmentKeys(dir);
    const production = { NODE_ENV: 'production', AUTH_ISSUER: 'https://idp', AUTH_AUDIENCE: 'samverkan' };
    expect(() => readCallerTokenSettings({ ...production })).toThrow(/AUTH_JWKS_FILE or AUTH_JWKS_URL is required/);
    expect(() => readCallerTokenSettings({ ...production, AUTH_JWKS_FILE: files.callerJwks })).toThrow(
      /AUTH_JWKS_FILE holds a development key/,
    );
    expect(() => readGatewayPublicKey({ ...production, GATEWAY_PUBLIC_KEY_FILE: files.gatewayPublicKey })).toThrow(
      /GATEWAY_PUBLIC_KEY_FILE holds a development key/,
    );
    expect(() => readGatewayPublicKey({ NODE_ENV: 'production' })).toThrow(/GATEWAY_PUBLIC_KEY_FILE is required/);
    expect(() => readCallerTokenSettings({ ...production, AUTH_JWKS_URL: 'http://idp/jwks' })).toThrow(/https/);
  });

  it('refuses, at start, a private key given as the public one and a public key given as the signing key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'samverkan-keys-'));
    const pair = generateSigningKeyPair('gateway-2026');
    writeFileSync(join(dir, 'private.json'), JSON.stringify(pair.privateKey));
    writeFileSync(join(dir, 'public.json'), JSON.stringify(pair.publicKey));
    const production = { NODE_ENV: 'production', DEV_KEYS_DIR: join(dir, 'none') };
    expect(() => readGatewayPublicKey({ ...production, GATEWAY_PUBLIC_KEY_FILE: join(dir, 'private.json') })).toThrow(
      /GATEWAY_PUBLIC_KEY_FILE names .*private.json, which holds a private key/,
    );
    expect(() => readGatewaySigningKey({ ...production, GATEWAY_SIGNING_KEY_FILE: join(dir, 'public.json') })).toThrow(
      /GATEWAY_SIGNING_KEY_FILE names .*public.json, which holds no private key/,
    );
    expect(readGatewaySigningKey({ ...production, GATEWAY_SIGNING_KEY_FILE: join(dir, 'private.json') })).toEqual(
      pair.privateKey,
    );
  });

  it('refuses a development key in production by its material, under whatever kid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'samverkan-keys-'));
    const files = ensureDevelopmentKeys(dir);
    const renamed = { ...JSON.parse(readFileSync(files.gatewayPublicKey, 'utf8')), kid: 'gateway-2026' };
    writeFileSync(join(dir, 'renamed.json'), JSON.stringify(renamed));
    expect(() =>
      readGatewayPublicKey({
        NODE_ENV: 'production',
        DEV_KEYS_DIR: dir,
        GATEWAY_PUBLIC_KEY_FILE: join(dir, 'renamed.json'),
      }),
    ).toThrow(/GATEWAY_PUBLIC_KEY_FILE holds a development key/);
    // Reading the configuration writes nothing: no development keys appear where there were none.
    const empty = join(dir, 'no-dev-keys');
    const pair = generateSigningKeyPair('gateway-2026');
    writeFileSync(join(dir, 'public.json'), JSON.stringify(pair.publicKey));
    readGatewayPublicKey({
      NODE_ENV: 'production',
      DEV_KEYS_DIR: empty,
      GATEWAY_PUBLIC_KEY_FILE: join(dir, 'public.json'),
    });
    expect(existsSync(empty)).toBe(false);
  });

  it('accepts production keys from files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'samverkan-keys-'));
    const pair = generateSigningKeyPair('gateway-2026');
    writeFileSync(join(dir, 'public.json'), JSON.stringify(pair.publicKey));
    expect(readGatewayPublicKey({ NODE_ENV: 'production', GATEWAY_PUBLIC_KEY_FILE: join(dir, 'public.json') })).toEqual(
      pair.publicKey,
    );
  });
});
