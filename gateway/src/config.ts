import { join } from 'node:path';
import {
  readCallerTokenSettings,
  readEnum,
  readGatewaySigningKey,
  readOptionalUrl,
  readPort,
  readString,
  type CallerTokenSettings,
} from '@samverkan/common';
import type { JWK } from 'jose';

/** The subgraphs the supergraph routes to, by their name in `schema/supergraph.yaml`. */
export const subgraphNames = [
  'municipalities',
  'police',
  'arbetsformedlingen',
  'forsakringskassan',
  'agreements',
] as const;

export const defaultSupergraphFile = join(__dirname, '..', '..', 'schema', 'supergraph.graphql');

export interface GatewayConfig {
  port: number;
  host: string;
  /** The composed supergraph the gateway serves; it never introspects subgraphs at start-up. */
  supergraphFile: string;
  /** Subgraph URLs that replace the supergraph's routing URLs, from `<SUBGRAPH>_URL`. */
  subgraphUrls: Partial<Record<string, string>>;
  /** Whether `/` serves the GraphiQL playground. */
  playground: boolean;
  /** The identity provider whose tokens callers present. */
  callerTokens: CallerTokenSettings;
  /** The key the gateway signs the identity it forwards to subgraphs with. */
  signingKey: JWK;
}

export function readGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const subgraphUrls: Partial<Record<string, string>> = {};
  for (const name of subgraphNames) {
    const url = readOptionalUrl(env, `${name.toUpperCase()}_URL`);
    if (url) subgraphUrls[name] = url;
  }
  return {
    port: readPort(env, 'GATEWAY_PORT', 4000),
    host: readString(env, 'HOST', '127.0.0.1'),
    supergraphFile: readString(env, 'SUPERGRAPH_FILE', defaultSupergraphFile),
    subgraphUrls,
    playground: readEnum(env, 'PLAYGROUND', ['on', 'off'], 'on') === 'on',
    callerTokens: readCallerTokenSettings(env),
    signingKey: readGatewaySigningKey(env),
  };
}
