/**
 * Environment variables are read once at start-up and validated here, so a
 * misconfigured deployment fails immediately with a message naming the
 * variable instead of failing later on the first request.
 */
export class ConfigError extends Error {
  constructor(variable: string, reason: string) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function readString(env: Env, name: string, fallback?: string): string {
  const value = raw(env, name) ?? fallback;
  if (value === undefined) throw new ConfigError(name, 'is required but not set');
  return value;
}

export function readOptionalString(env: Env, name: string): string | undefined {
  return raw(env, name);
}

/** A TCP port; 0 asks the OS for a free one, which is what tests use. */
export function readPort(env: Env, name: string, fallback: number): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    throw new ConfigError(name, `must be a port number between 0 and 65535, got "${value}"`);
  }
  return Number(value);
}

export function readUrl(env: Env, name: string, fallback?: string): string {
  const value = readString(env, name, fallback);
  try {
    new URL(value);
  } catch {
    throw new ConfigError(name, `must be an absolute URL, got "${value}"`);
  }
  return value;
}

export function readOptionalUrl(env: Env, name: string): string | undefined {
  return raw(env, name) === undefined ? undefined : readUrl(env, name);
}

export function readEnum<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = raw(env, name) ?? fallback;
  if (!allowed.includes(value as T)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return value as T;
}

/** A whole number within bounds, defaulting when unset. */
export function readInteger(
  env: Env,
  name: string,
  fallback: number,
  bounds: { min: number; max: number } = { min: 0, max: Number.MAX_SAFE_INTEGER },
): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < bounds.min || Number(value) > bounds.max) {
    throw new ConfigError(name, `must be a whole number from ${bounds.min} to ${bounds.max}, got "${value}"`);
  }
  return Number(value);
}

/** `on` or `off`, defaulting when unset. */
export function readSwitch(env: Env, name: string, fallback: boolean): boolean {
  return readEnum(env, name, ['on', 'off'], fallback ? 'on' : 'off') === 'on';
}

/** A comma-separated list, empty when unset. */
export function readList(env: Env, name: string): string[] {
  return (raw(env, name) ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
