/**
 * The versions `npm run subgraph:publish` wrote, kept beside the supergraph
 * as `supergraph-history.json`; the gateway's `/status` shows them.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One published version of the supergraph. */
export interface PublishedVersion {
  /** SHA-256 of `supergraph.graphql`, hex: what `/status` shows the gateway serving. */
  hash: string;
  publishedAt: string;
  /** The subgraph whose change made this version. */
  subgraph: string;
  change: 'added' | 'updated';
  routingUrl: string;
  /** How many changes to the public API, by kind. */
  changes: { breaking: number; dangerous: number; safe: number };
}

/** A version's id: SHA-256 of the supergraph file, hex. Publishing records it; `/status` shows the one served. */
export function supergraphHash(sdl: string): string {
  return createHash('sha256').update(sdl).digest('hex');
}

/** `…/supergraph.graphql` → `…/supergraph-history.json`. */
export function historyFileOf(supergraphFile: string): string {
  return join(dirname(supergraphFile), 'supergraph-history.json');
}

/** Every version recorded for this supergraph file, oldest first; none when nothing was published. */
export function readHistory(supergraphFile: string): PublishedVersion[] {
  const file = historyFileOf(supergraphFile);
  if (!existsSync(file)) return [];
  return (JSON.parse(readFileSync(file, 'utf8')) as { versions: PublishedVersion[] }).versions;
}
