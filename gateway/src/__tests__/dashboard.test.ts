import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKeyPair } from '@samverkan/common';
import express from 'express';
import { mountDashboard } from '../dashboard';

/** One request with the Host and Origin a browser (or a rebinding site) would send. */
function request(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const sent = http.request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode!, body }));
      },
    );
    sent.on('error', reject);
    sent.end(options.body);
  });
}

describe('the dashboard route and its development sign-in', () => {
  const developmentTokens = {
    privateKey: generateSigningKeyPair('test-dev-provider').privateKey,
    issuer: 'samverkan-dev',
    audience: 'samverkan',
  };
  let buildDir: string;
  const servers: http.Server[] = [];

  beforeAll(() => {
    buildDir = mkdtempSync(join(tmpdir(), 'samverkan-dashboard-'));
    mkdirSync(join(buildDir, 'assets'));
    writeFileSync(join(buildDir, 'index.html'), '<main></main><!--dashboard-config-->');
    writeFileSync(join(buildDir, 'assets', 'main.js'), 'void 0;');
  });
  afterAll(() => {
    for (const server of servers) server.close();
    rmSync(buildDir, { recursive: true, force: true });
  });

  async function serve(options: Parameters<typeof mountDashboard>[1]): Promise<number> {
    const app = express();
    mountDashboard(app, options);
    const server = http.createServer(app);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  const signIn = (port: number, headers: Record<string, string>, roles: string[] = ['coordinator']) =>
    request(port, '/dashboard/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ org: 'storstadsdelegationen', roles }),
    });

  it('signs a development token for a page of this machine, as partner or coordinator only', async () => {
    const port = await serve({ production: false, developmentTokens, buildDir });
    const page = await request(port, '/dashboard');
    expect(page.body).toContain('"developmentSignIn":true');
    const own = { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` };
    const signed = await signIn(port, own);
    expect(signed.status).toBe(200);
    expect(JSON.parse(signed.body).token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect((await signIn(port, { host: `localhost:${port}` })).status).toBe(200);
    expect((await signIn(port, own, ['admin'])).status).toBe(400);
    expect((await signIn(port, own, ['god'])).status).toBe(400);
  });

  it('refuses a rebound name and another site’s page', async () => {
    const port = await serve({ production: false, developmentTokens, buildDir });
    expect((await signIn(port, { host: `attacker.example:${port}` })).status).toBe(403);
    expect((await signIn(port, { host: `127.0.0.1:${port}`, origin: 'http://attacker.example' })).status).toBe(403);
    expect((await signIn(port, { host: `127.0.0.1:${port}`, origin: 'http://127.0.0.1:1' })).status).toBe(403);
  });

  it('has no sign-in in production, and says so to the page', async () => {
    const port = await serve({ production: true, developmentTokens, buildDir });
    expect((await request(port, '/dashboard')).body).toContain('"developmentSignIn":false');
    expect((await signIn(port, { host: `127.0.0.1:${port}` })).status).toBe(404);
  });

  it('says how to build it when the bundle is missing', async () => {
    const port = await serve({ production: false, buildDir: join(buildDir, 'missing') });
    const page = await request(port, '/dashboard');
    expect(page).toEqual({ status: 503, body: 'The dashboard is not built yet: npm run build builds it.' });
  });
});
