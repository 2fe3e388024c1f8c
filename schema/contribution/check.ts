/**
 * `npm run subgraph:check`: what would happen to the supergraph, and to the
 * dashboards that use it, if a subgraph's SDL became the candidate's.
 */
import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import {
  GraphQLSchema,
  Kind,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type ValueNode,
  type DocumentNode,
} from 'graphql';
import { listFieldsWithoutSize } from '../list-sizes';
import { loadRegisteredOperations, operationsDir } from '../operations';
import { defaultConfigFile, listSubgraphs, subgraphNamePattern } from '../subgraph-list';

export type Criticality = 'BREAKING' | 'DANGEROUS' | 'SAFE';

export interface ApiChange {
  criticality: Criticality;
  /** graphql-inspector's change type, e.g. `FIELD_REMOVED`. */
  type: string;
  message: string;
  /** The schema coordinate it concerns, e.g. `Municipality.name`. */
  path?: string;
  /** Why it is breaking or dangerous. */
  reason?: string;
  /** Registered dashboard operations that select the changed field or type. */
  usedBy: string[];
}

export interface CheckReport {
  subgraph: string;
  /** No error and no breaking change: publishing may go ahead (a dangerous change must be accepted explicitly). */
  ok: boolean;
  /** The served supergraph has no such subgraph yet: the candidate adds it. */
  newSubgraph: boolean;
  composition: { errors: string[]; hints: string[] };
  changes: ApiChange[];
  /** Registered dashboard operations that would no longer validate, with why. */
  brokenOperations: { name: string; errors: string[] }[];
  /** `@link` imports that compose but that `@apollo/gateway` refuses to load. */
  unsupportedFeatures: string[];
  /** `@access` fields with no policy to enforce them, or whose enforcement the gateway cannot vouch for. */
  access: { errors: string[]; warnings: string[] };
  /** List fields that declare no `@listSize(assumedSize:)` for the gateway's cost limit. */
  listFieldsWithoutSize: string[];
  /** Everything that makes `ok` false, in plain words. */
  errors: string[];
  /** The composed supergraph, when composition succeeded. */
  supergraphSdl?: string;
}

export interface CheckOptions {
  name: string;
  /** The candidate SDL. */
  sdl: string;
  /** Where the gateway would route to; the current routing URL when the subgraph is already listed. */
  routingUrl?: string;
  configFile?: string;
  /** The supergraph being served now, the baseline for API changes. */
  supergraphFile: string;
  operationsDirectory?: string;
  /**
   * Whether the subgraph declares an access policy for its `@access` fields;
   * undefined when the check cannot know (a subgraph that runs elsewhere).
   */
  hasAccessPolicy?: boolean;
}

/**
 * Directives `@apollo/gateway` does not implement: a supergraph that links
 * them composes, and the gateway then refuses the whole of it. `@connect` and
 * `@source` come in the connect spec, the others from federation ≥ 2.5.
 */
export const unsupportedDirectives = [
  'authenticated',
  'requiresScopes',
  'policy',
  'context',
  'fromContext',
  'connect',
  'source',
  'cacheTag',
] as const;

const unsupportedSpecs = /specs\.apollo\.dev\/(authenticated|requiresScopes|policy|context|connect|cacheTag)\//;

function stringValue(node: ValueNode | undefined): string | undefined {
  return node?.kind === Kind.STRING ? node.value : undefined;
}

/** The directives a subgraph's `@link`s import that the gateway cannot load, by name. */
export function unsupportedImports(typeDefs: DocumentNode): string[] {
  const found = new Set<string>();
  visit(typeDefs, {
    Directive(node) {
      const name = node.name.value;
      const bare = name.replace(/^federation__/, '');
      if ((unsupportedDirectives as readonly string[]).includes(bare) && name !== bare) found.add(`@${bare}`);
      if (name !== 'link') return;
      const url = stringValue(node.arguments?.find((a) => a.name.value === 'url')?.value) ?? '';
      const spec = unsupportedSpecs.exec(url);
      if (spec) found.add(`@link(url: "${url}")`);
      const imports = node.arguments?.find((a) => a.name.value === 'import')?.value;
      if (imports?.kind !== Kind.LIST) return;
      for (const item of imports.values) {
        const imported =
          item.kind === Kind.STRING
            ? item.value
            : item.kind === Kind.OBJECT
              ? stringValue(item.fields.find((f) => f.name.value === 'name')?.value)
              : undefined;
        if (imported && (unsupportedDirectives as readonly string[]).includes(imported.replace(/^@/, ''))) {
          found.add(imported.startsWith('@') ? imported : `@${imported}`);
        }
      }
    },
  });
  return [...found].sort();
}

/** Fields the SDL marks `@access(level: PARTNER | PERSONAL)`, as `Type.field (LEVEL)`. */
export function restrictedFieldsOf(typeDefs: DocumentNode): string[] {
  const fields: string[] = [];
  for (const definition of typeDefs.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION
    )
      continue;
    for (const field of definition.fields ?? []) {
      const access = field.directives?.find((d) => d.name.value === 'access');
      const level = access?.arguments?.find((a) => a.name.value === 'level')?.value;
      const name = level?.kind === Kind.ENUM ? level.value : 'PUBLIC';
      if (name !== 'PUBLIC') fields.push(`${definition.name.value}.${field.name.value} (${name})`);
    }
  }
  return fields;
}

/** The `Type.field` coordinates and type names each operation selects, against the schema it was written for. */
function coordinatesUsed(schema: GraphQLSchema, document: DocumentNode): Set<string> {
  const used = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!parent) return;
        used.add(parent.name);
        used.add(`${parent.name}.${node.name.value}`);
        for (const argument of node.arguments ?? [])
          used.add(`${parent.name}.${node.name.value}.${argument.name.value}`);
      },
      NamedType(node) {
        used.add(node.name.value);
      },
    }),
  );
  return used;
}

function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

function criticalityOf(change: Change): Criticality {
  switch (change.criticality.level) {
    case CriticalityLevel.Breaking:
      return 'BREAKING';
    case CriticalityLevel.Dangerous:
      return 'DANGEROUS';
    default:
      return 'SAFE';
  }
}

/**
 * Composes the candidate with every other subgraph the config lists and
 * reports everything that stands in the way of publishing it.
 */
export async function checkSubgraph(options: CheckOptions): Promise<CheckReport> {
  const configFile = options.configFile ?? defaultConfigFile;
  const subgraphs = listSubgraphs(configFile);
  const current = subgraphs.find((s) => s.name === options.name);
  const served = Supergraph.build(readFileSync(options.supergraphFile, 'utf8'));
  const report: CheckReport = {
    subgraph: options.name,
    ok: false,
    newSubgraph: !served.subgraphs().names().includes(options.name),
    composition: { errors: [], hints: [] },
    changes: [],
    brokenOperations: [],
    unsupportedFeatures: [],
    access: { errors: [], warnings: [] },
    listFieldsWithoutSize: [],
    errors: [],
  };
  const fail = (message: string) => report.errors.push(message);

  if (!subgraphNamePattern.test(options.name)) {
    fail(`"${options.name}" is not a valid subgraph name: 2–40 lower-case letters and digits, starting with a letter`);
    return report;
  }
  let typeDefs: DocumentNode;
  try {
    typeDefs = parse(options.sdl);
  } catch (error) {
    report.composition.errors.push(`the SDL does not parse: ${(error as Error).message}`);
    fail(`composition: the SDL does not parse: ${(error as Error).message}`);
    return report;
  }

  report.unsupportedFeatures = unsupportedImports(typeDefs);
  for (const feature of report.unsupportedFeatures) {
    fail(
      `unsupported feature ${feature}: it composes, but @apollo/gateway refuses to load a supergraph that links it. ` +
        'Declare who may read a field with @access(level: PUBLIC | PARTNER | PERSONAL) instead.',
    );
  }

  const restricted = restrictedFieldsOf(typeDefs);
  if (restricted.length > 0 && options.hasAccessPolicy === false) {
    report.access.errors.push(
      `${restricted.join(', ')} declare @access but ${options.name} defines no access policy: they would be served to anyone`,
    );
  } else if (restricted.length > 0 && options.hasAccessPolicy === undefined) {
    report.access.warnings.push(
      `${restricted.join(', ')} declare @access: the gateway does not enforce it, ${options.name} must ` +
        '(see docs/contributing-a-subgraph.md, "Access levels")',
    );
  }
  for (const error of report.access.errors) fail(`access: ${error}`);

  report.listFieldsWithoutSize = listFieldsWithoutSize(typeDefs);
  if (report.listFieldsWithoutSize.length > 0) {
    fail(
      `list fields without a declared size: ${report.listFieldsWithoutSize.join(', ')}; ` +
        'give each @listSize(assumedSize: <the most items it returns>) for the gateway’s cost limit',
    );
  }

  const routingUrl = options.routingUrl ?? current?.routingUrl ?? `http://${options.name}.invalid/graphql`;
  const services = subgraphs
    .filter((s) => s.name !== options.name)
    .map((s) => ({ name: s.name, url: s.routingUrl, typeDefs: parse(readFileSync(s.schemaFile, 'utf8')) }));
  services.push({ name: options.name, url: routingUrl, typeDefs });
  const composed = composeServices(services);
  if (composed.errors) {
    report.composition.errors = composed.errors.map((e) => e.message);
    for (const error of report.composition.errors) fail(`composition: ${error}`);
    report.ok = false;
    return report;
  }
  report.composition.hints = composed.hints.map((h) => `${h.definition.code}: ${h.message}`);
  report.supergraphSdl = composed.supergraphSdl.trimEnd() + '\n';

  const before = served.apiSchema().toGraphQLJSSchema();
  let after: GraphQLSchema;
  try {
    after = apiSchemaOf(report.supergraphSdl);
  } catch (error) {
    fail(`the composed supergraph does not load: ${(error as Error).message}`);
    return report;
  }
  const operations = loadRegisteredOperations(options.operationsDirectory ?? operationsDir).map((op) => ({
    ...op,
    used: coordinatesUsed(before, parse(op.document)),
  }));
  report.changes = (await diff(before, after)).map((change) => ({
    criticality: criticalityOf(change),
    type: change.type,
    message: change.message,
    path: change.path,
    reason: change.criticality.reason,
    usedBy: change.path ? operations.filter((op) => op.used.has(change.path!)).map((op) => op.name) : [],
  }));
  for (const change of report.changes.filter((c) => c.criticality === 'BREAKING')) {
    fail(`breaking change: ${change.message}` + (change.usedBy.length ? ` (used by ${change.usedBy.join(', ')})` : ''));
  }

  for (const op of operations) {
    const errors = validate(after, parse(op.document)).map((e) => e.message);
    if (errors.length > 0) {
      report.brokenOperations.push({ name: op.name, errors });
      fail(`dashboard operation ${op.name} would no longer validate: ${errors.join('; ')}`);
    }
  }
  report.ok = report.errors.length === 0;
  return report;
}

/** Whether the check found changes that are allowed but must be accepted on purpose (`--allow-dangerous`). */
export function dangerousChanges(report: CheckReport): ApiChange[] {
  return report.changes.filter((c) => c.criticality === 'DANGEROUS');
}

/** The report in plain words, for a person at a terminal. */
export function formatReport(report: CheckReport): string {
  const lines: string[] = [];
  const count = (level: Criticality) => report.changes.filter((c) => c.criticality === level).length;
  lines.push(`subgraph:check ${report.subgraph}${report.newSubgraph ? ' (a new subgraph)' : ''}`, '');
  if (report.composition.errors.length > 0) {
    lines.push(`Composition: FAILED`, ...report.composition.errors.map((e) => `  error  ${e}`));
  } else if (report.supergraphSdl) {
    lines.push(`Composition: ok, ${report.composition.hints.length} hint(s)`);
  }
  lines.push(...report.composition.hints.map((h) => `  hint   ${h}`));
  if (report.supergraphSdl) {
    lines.push(`API changes: ${count('BREAKING')} breaking, ${count('DANGEROUS')} dangerous, ${count('SAFE')} safe`);
    for (const change of report.changes) {
      const used = change.usedBy.length ? ` — used by ${change.usedBy.join(', ')}` : '';
      lines.push(`  ${change.criticality.padEnd(9)} ${change.message}${used}`);
    }
    lines.push(
      report.brokenOperations.length === 0
        ? 'Dashboard operations: all still validate'
        : `Dashboard operations: ${report.brokenOperations.length} would break`,
      ...report.brokenOperations.map((op) => `  BROKEN    ${op.name}: ${op.errors.join('; ')}`),
    );
  }
  lines.push(
    report.unsupportedFeatures.length === 0
      ? 'Gateway support: ok'
      : `Gateway support: the gateway cannot load ${report.unsupportedFeatures.join(', ')}; use @access instead`,
  );
  lines.push(
    report.access.errors.length + report.access.warnings.length === 0 ? 'Access: ok' : 'Access:',
    ...report.access.errors.map((e) => `  error  ${e}`),
    ...report.access.warnings.map((w) => `  note   ${w}`),
  );
  lines.push(
    report.listFieldsWithoutSize.length === 0
      ? 'List sizes: every list declares one'
      : `List sizes: missing on ${report.listFieldsWithoutSize.join(', ')}`,
  );
  lines.push('');
  if (report.ok) {
    const dangerous = dangerousChanges(report).length;
    lines.push(
      dangerous > 0
        ? `PASSED with ${dangerous} dangerous change(s): publishing needs --allow-dangerous.`
        : 'PASSED: ready to publish.',
    );
  } else {
    lines.push(`FAILED: ${report.errors.length} problem(s):`, ...report.errors.map((e) => `  - ${e}`));
  }
  return lines.join('\n') + '\n';
}
