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

/** Where `npm run build` writes the dashboard's bundle (scripts/build-dashboard.ts). */
export const dashboardBuildDir = repositoryPath('dist', 'dashboard');

/** JSON that is safe inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

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
  app.use('/dashboard/assets', express.static(join(buildDir, 'assets'), { maxAge: '1h', fallthrough: false }));
  if (!issuer) return;
  app.post('/dashboard/sign-in', express.json({ limit: '1kb' }), async (request, response) => {
    const body = (request.body ?? {}) as { org?: unknown; roles?: unknown };
    const problem = developmentClaimsProblem({ org: body.org, roles: body.roles });
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
