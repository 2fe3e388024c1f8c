/**
 * Who the dashboard asks as. The token stays in this tab's sessionStorage: closing the tab signs out, and no other
 * site or tab reads it.
 */
const tokenKey = 'samverkan.dashboard.token';

export interface Session {
  token: string;
  organisation?: string;
  roles: string[];
  subject?: string;
}

/** The claims shown on screen; the gateway verifies the token, this only reads it. */
function claimsOf(token: string): Omit<Session, 'token'> {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(payload)) as { org?: unknown; roles?: unknown; sub?: unknown };
    return {
      organisation: typeof claims.org === 'string' ? claims.org : undefined,
      roles: Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [],
      subject: typeof claims.sub === 'string' ? claims.sub : undefined,
    };
  } catch {
    return { roles: [] };
  }
}

export function currentSession(): Session | undefined {
  const token = sessionStorage.getItem(tokenKey);
  return token ? { token, ...claimsOf(token) } : undefined;
}

export function signInWithToken(token: string): Session {
  const bare = token.trim().replace(/^Bearer\s+/i, '');
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(bare)) {
    throw new Error('Det där ser inte ut som en token (tre delar åtskilda av punkter).');
  }
  sessionStorage.setItem(tokenKey, bare);
  return currentSession()!;
}

/** Development only: the gateway signs a development token for the chosen organisation and role. */
export async function signInForDevelopment(organisation: string, role: string): Promise<Session> {
  const response = await fetch('/dashboard/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ org: organisation, roles: [role] }),
  });
  if (!response.ok) throw new Error(`Inloggningen misslyckades (HTTP ${response.status}).`);
  const { token } = (await response.json()) as { token: string };
  return signInWithToken(token);
}

export function signOut(): void {
  sessionStorage.removeItem(tokenKey);
}
