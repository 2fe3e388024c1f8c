/**
 * `npm run subgraph:publish -- --name <subgraph> [--schema <file or URL>] [--url <routing URL>] [--allow-dangerous] [--json]`:
 * runs the check and, when it passes, records the subgraph in
 * schema/supergraph.yaml, writes schema/supergraph.graphql and appends the
 * version to schema/supergraph-history.json. A running gateway picks the new
 * supergraph up by itself (SUPERGRAPH_POLL_INTERVAL_MS). Exits 1 and writes
 * nothing when the check fails or finds dangerous changes not allowed.
 */
import 'reflect-metadata';
import { relative } from 'node:path';
import { formatReport } from '../../schema/contribution/check';
import { publishSubgraph } from '../../schema/contribution/publish';
import { readSubgraphCommand } from './options';

async function main() {
  const command = await readSubgraphCommand('subgraph:publish', ' [--allow-dangerous]');
  const result = await publishSubgraph({
    name: command.name,
    candidate: command.candidate,
    routingUrl: command.url,
    allowDangerous: command.allowDangerous,
    supergraphFile: command.supergraphFile,
    hasAccessPolicy: command.hasAccessPolicy,
  });
  if (command.json) {
    const { supergraphSdl: _composed, ...report } = result.report;
    const outcome = result.published
      ? { published: true, version: result.entry }
      : { published: false, reason: result.reason };
    process.stdout.write(JSON.stringify({ ...outcome, report }, null, 2) + '\n');
  } else {
    process.stdout.write(formatReport(result.report));
    if (result.published) {
      process.stdout.write(
        `\nPublished ${command.name} (${result.entry.change}): ${relative(process.cwd(), command.supergraphFile)} ` +
          `is now version ${result.entry.hash.slice(0, 12)}. A running gateway serves it within its poll interval.\n`,
      );
    } else {
      process.stdout.write(`\nNot published: ${result.reason}. Nothing was written.\n`);
    }
  }
  process.exit(result.published ? 0 : 1);
}

void main();
