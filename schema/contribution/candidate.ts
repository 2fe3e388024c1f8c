import { existsSync, readFileSync } from 'node:fs';
import {
  anonymousCaller,
  createInternalIdentitySigner,
  prepareDevelopmentKeys,
  readGatewaySigningKey,
} from '@samverkan/common';
import type { SubgraphEntry } from '../subgraph-list';

/** Where a candidate SDL came from, for the report and for where publish keeps it. */
export interface CandidateSchema {
  sdl: string;
  /** A file path, or the URL it was read from. */
  from: string;
  kind: 'file' | 'url';
}

/**
 * Reads a running subgraph's SDL the way federation does, with
 * `{ _service { sdl } }`, signed as the gateway would sign it: a subgraph
 * that verifies the gateway's identity (as ours do) answers nobody else.
 */
async function fetchServiceSdl(name: string, url: string, env: Record<string, string | undefined>): Promise<string> {
  prepareDevelopmentKeys(env);
  const sign = createInternalIdentitySigner(readGatewaySigningKey(env));
  const request = JSON.stringify({ query: 'query SubgraphCheck { _service { sdl } }' });
  const token = await sign(anonymousCaller, { subgraph: name, body: request, operation: 'SubgraphCheck' });
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: request,
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new Error(`cannot reach ${url}: ${(error as Error).message}`);
  }
  const text = await response.text();
  let body: { data?: { _service?: { sdl?: string } }; errors?: { message: string }[] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${url} answered HTTP ${response.status} without a GraphQL response`);
  }
  const sdl = body.data?._service?.sdl;
  if (!sdl) {
    const why = body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.status}`;
    throw new Error(`${url} gave no SDL for { _service { sdl } }: ${why}`);
  }
  return sdl;
}

/**
 * The candidate SDL from `--schema`: a file, or the http(s) URL of a running
 * subgraph; without one, the SDL file the composition config lists for it.
 */
export async function readCandidateSchema(
  name: string,
  schema: string | undefined,
  listed: SubgraphEntry | undefined,
  env: Record<string, string | undefined> = process.env,
): Promise<CandidateSchema> {
  if (schema && /^https?:\/\//.test(schema)) {
    return { sdl: await fetchServiceSdl(name, schema, env), from: schema, kind: 'url' };
  }
  const file = schema ?? listed?.schemaFile;
  if (!file) {
    throw new Error(`${name} is not in schema/supergraph.yaml yet: give its SDL with --schema <file or URL>`);
  }
  if (!existsSync(file)) throw new Error(`no such schema file: ${file}`);
  return { sdl: readFileSync(file, 'utf8'), from: file, kind: 'file' };
}
