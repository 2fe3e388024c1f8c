import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  developmentClaimsProblem,
  repositoryPath,
  signDevelopmentToken,
  type DevelopmentTokenIssuer,
  type Role,
} from '@samverkan/common';
import express, { type Express } from 'express';
import { scriptJson } from './script-json';

/** Where `npm run build` writes the dashboard's bundle (scripts/build-dashboard.ts). */
export const dashboardBuildDir = repositoryPath('dist', 'dashboard');

/** A Host header naming this machine's loopback interface, with or without a port. */
const loopbackHost = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

/** The roles the dashboard's development sign-in gives; administrators get their tokens from `npm run token`. */
const signInRoles: readonly unknown[] = ['partner', 'coordinator'];

/**
 * The reference dashboard at `/dashboard`, from its bundle, and, with the development identity provider only,
 * `POST /dashboard/sign-in`, which signs a development token for the organisation and roles asked: what
 * `npm run token` does, for a browser. Never with a real identity provider, never in production.
 */
export function mountDashboard(
  app: Express,
  options: { production: boolean; developmentTokens?: DevelopmentTokenIssuer; buildDir?: string },
): void {
  const buildDir = options.buildDir ?? dashboardBuildDir;
  // Production's configuration never holds a development issuer (readDevelopmentTokenIssuer); asked twice anyway.
  const issuer = options.production ? undefined : options.developmentTokens;
  const indexFile = join(buildDir, 'index.html');
  // Read once the first time it is asked for, so a gateway started before the first build serves it once built.
  let page: string | undefined;
  app.get(['/dashboard', '/dashboard/'], (_request, response) => {
    if (page === undefined && existsSync(indexFile)) {
      const config = { developmentSignIn: issuer !== undefined };
      page = readFileSync(indexFile, 'utf8').replace(
        '<!--dashboard-config-->',
        `<script id="dashboard-config" type="application/json">${scriptJson(config)}</script>`,
      );
    }
    if (page === undefined) {
      response.status(503).type('text/plain').send('The dashboard is not built yet: npm run build builds it.');
      return;
    }
    response.type('html').send(page);
  });
  // Revalidated on every load (an unchanged file answers 304): a bundle kept from before a deploy would send
  // operation documents the gateway may no longer accept.
  app.use('/dashboard/assets', express.static(join(buildDir, 'assets'), { maxAge: 0, fallthrough: false }));
  if (!issuer) return;
  app.post('/dashboard/sign-in', express.json({ limit: '1kb' }), async (request, response) => {
    // Asked by this machine's own pages only: a site whose name is made to point at 127.0.0.1 (DNS rebinding)
    // sends its own name as Host, and another site's page its own Origin.
    const host = request.headers.host ?? '';
    const origin = request.headers.origin;
    if (!loopbackHost.test(host) || (origin !== undefined && origin !== `http://${host}`)) {
      response.status(403).json({ error: 'development sign-in answers pages of this machine only' });
      return;
    }
    const body = (request.body ?? {}) as { org?: unknown; roles?: unknown };
    const problem =
      developmentClaimsProblem({ org: body.org, roles: body.roles }) ??
      (Array.isArray(body.roles) && body.roles.some((role) => !signInRoles.includes(role))
        ? `roles must be among ${signInRoles.join(', ')}: the dashboard acts as no administrator`
        : undefined);
    if (problem) {
      response.status(400).json({ error: problem });
      return;
    }
    const token = await signDevelopmentToken(issuer, {
      org: body.org as string,
      roles: [...new Set(body.roles as Role[])],
      sub: 'dashboard-developer',
      ttl: '8h',
    });
    response.json({ token });
  });
}
