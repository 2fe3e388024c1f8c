import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultSupergraphFile } from '../../schema/compose';
import { readCandidateSchema, type CandidateSchema } from '../../schema/contribution/candidate';
import { listSubgraphs, repositoryRoot } from '../../schema/subgraph-list';
import { loadSubgraphDefinition } from '../../subgraphs/registry';

/** What `subgraph:check` and `subgraph:publish` share: the subgraph, its candidate SDL and what is known of its code. */
export interface SubgraphCommand {
  name: string;
  candidate: CandidateSchema;
  url?: string;
  json: boolean;
  allowDangerous: boolean;
  supergraphFile: string;
  /** Known only for a subgraph whose code is in this repository. */
  hasAccessPolicy?: boolean;
}

export function usage(command: string, extra = ''): never {
  console.error(
    `usage: npm run ${command} -- --name <subgraph> [--schema <file or http(s) URL of the running subgraph>] ` +
      `[--url <routing URL>] [--json]${extra}`,
  );
  process.exit(2);
}

/** Reads the command line; exits 2 with the usage on anything it does not understand. */
export async function readSubgraphCommand(command: string, extra = ''): Promise<SubgraphCommand> {
  let values: { name?: string; schema?: string; url?: string; json?: boolean; 'allow-dangerous'?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        name: { type: 'string' },
        schema: { type: 'string' },
        url: { type: 'string' },
        json: { type: 'boolean', default: false },
        'allow-dangerous': { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    console.error((error as Error).message);
    return usage(command, extra);
  }
  if (!values.name) return usage(command, extra);
  const name = values.name;
  if (values.url !== undefined && !/^https?:\/\/[^/]+/.test(values.url)) {
    console.error(`--url must be an http(s) URL, got "${values.url}"`);
    process.exit(2);
  }
  const listed = listSubgraphs().find((s) => s.name === name);
  let candidate: CandidateSchema;
  try {
    candidate = await readCandidateSchema(name, values.schema, listed);
  } catch (error) {
    console.error(`${command}: ${(error as Error).message}`);
    process.exit(1);
  }
  const local = existsSync(join(repositoryRoot, 'subgraphs', name, 'src', 'server.ts'));
  return {
    name,
    candidate,
    url: values.url,
    json: values.json ?? false,
    allowDangerous: values['allow-dangerous'] ?? false,
    supergraphFile: process.env.SUPERGRAPH_FILE ?? defaultSupergraphFile,
    hasAccessPolicy: local ? Boolean(loadSubgraphDefinition({ name }).access) : undefined,
  };
}
