/**
 * `npm run subgraph:check -- --name <subgraph> [--schema <file or URL>] [--json]`:
 * composes the candidate with the other subgraphs and reports composition
 * errors and hints, API changes (breaking, dangerous, safe), dashboard
 * operations it would break, features the gateway cannot load, unguarded
 * `@access` fields and lists without a size. Exits 1 on any error or
 * breaking change, 0 otherwise (dangerous changes included).
 */
import 'reflect-metadata';
import { checkSubgraph, formatReport } from '../../schema/contribution/check';
import { readSubgraphCommand } from './options';

async function main() {
  const command = await readSubgraphCommand('subgraph:check');
  const report = await checkSubgraph({
    name: command.name,
    sdl: command.candidate.sdl,
    routingUrl: command.url,
    supergraphFile: command.supergraphFile,
    hasAccessPolicy: command.hasAccessPolicy,
  });
  if (command.json) {
    const { supergraphSdl: _composed, ...json } = report;
    process.stdout.write(JSON.stringify({ ...json, schema: command.candidate.from }, null, 2) + '\n');
  } else {
    process.stdout.write(`schema: ${command.candidate.from}\n${formatReport(report)}`);
  }
  process.exit(report.ok ? 0 : 1);
}

void main();
