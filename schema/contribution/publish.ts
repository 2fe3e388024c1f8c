/**
 * `npm run subgraph:publish`: the check, then the new supergraph written
 * where the gateway watches for it, and a line in the supergraph's history.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import YAML from 'yaml';
import { composeFromConfig } from '../compose';
import { defaultConfigFile, listSubgraphs } from '../subgraph-list';
import { historyFileOf, readHistory, supergraphHash, type PublishedVersion } from '../supergraph-history';
import type { CandidateSchema } from './candidate';
import { checkSubgraph, dangerousChanges, type CheckOptions, type CheckReport } from './check';

/** Written beside the target and renamed over it, so a gateway polling the file never reads half of it. */
function writeAtomically(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}

export interface PublishOptions {
  name: string;
  candidate: CandidateSchema;
  /** The routing URL; required for a subgraph the config does not list yet. */
  routingUrl?: string;
  /** Publish although the check found dangerous changes. */
  allowDangerous?: boolean;
  configFile?: string;
  supergraphFile: string;
  operationsDirectory?: string;
  hasAccessPolicy?: CheckOptions['hasAccessPolicy'];
  now?: () => Date;
}

export type PublishResult =
  | { published: true; report: CheckReport; entry: PublishedVersion }
  | { published: false; report: CheckReport; reason: string };

/**
 * Checks the candidate and, if it passes, records it in the composition
 * config, writes the new supergraph and appends to the history. Nothing is
 * written when the check fails or finds dangerous changes not allowed.
 */
export async function publishSubgraph(options: PublishOptions): Promise<PublishResult> {
  const configFile = options.configFile ?? defaultConfigFile;
  const listed = listSubgraphs(configFile).find((s) => s.name === options.name);
  const routingUrl = options.routingUrl ?? listed?.routingUrl;
  const report = await checkSubgraph({
    name: options.name,
    sdl: options.candidate.sdl,
    routingUrl,
    configFile,
    supergraphFile: options.supergraphFile,
    operationsDirectory: options.operationsDirectory,
    hasAccessPolicy: options.hasAccessPolicy,
  });
  if (!report.ok) return { published: false, report, reason: 'the check failed' };
  const dangerous = dangerousChanges(report);
  if (dangerous.length > 0 && !options.allowDangerous) {
    return {
      published: false,
      report,
      reason: `${dangerous.length} dangerous change(s); publish again with --allow-dangerous once the dashboards' owners agree`,
    };
  }
  if (!routingUrl) {
    return {
      published: false,
      report,
      reason: `${options.name} is new: give the URL the gateway routes to with --url`,
    };
  }

  // The SDL the config points to: the candidate's own file when it is in this repository, else a copy kept in schema/.
  const configDir = dirname(configFile);
  const root = resolve(configDir, '..');
  let schemaFile: string;
  if (options.candidate.kind === 'file' && !relative(root, resolve(options.candidate.from)).startsWith('..')) {
    schemaFile = resolve(options.candidate.from);
  } else {
    schemaFile = join(configDir, 'subgraphs', `${options.name}.graphql`);
    mkdirSync(dirname(schemaFile), { recursive: true });
    writeAtomically(schemaFile, options.candidate.sdl);
  }
  const document = YAML.parseDocument(readFileSync(configFile, 'utf8'));
  const relativeSchema = relative(configDir, schemaFile).split('\\').join('/');
  document.setIn(['subgraphs', options.name, 'routing_url'], routingUrl);
  document.setIn(
    ['subgraphs', options.name, 'schema', 'file'],
    isAbsolute(relativeSchema) ? schemaFile : relativeSchema,
  );
  writeAtomically(configFile, document.toString());

  // Composed again from what is now on disk, so the file is exactly what `compose:check` expects.
  const composed = composeFromConfig(configFile);
  if (!composed.ok) throw new Error(`composition failed after the check passed:\n${composed.errors.join('\n')}`);
  writeAtomically(options.supergraphFile, composed.supergraphSdl);

  const count = (level: string) => report.changes.filter((c) => c.criticality === level).length;
  const entry: PublishedVersion = {
    hash: supergraphHash(composed.supergraphSdl),
    publishedAt: (options.now ?? (() => new Date()))().toISOString(),
    subgraph: options.name,
    change: report.newSubgraph ? 'added' : 'updated',
    routingUrl,
    changes: { breaking: count('BREAKING'), dangerous: count('DANGEROUS'), safe: count('SAFE') },
  };
  writeAtomically(
    historyFileOf(options.supergraphFile),
    JSON.stringify({ versions: [...readHistory(options.supergraphFile), entry] }, null, 2) + '\n',
  );
  return { published: true, report, entry };
}
