/**
 * `npm run subgraph:new -- <name> [--port <port>] [--skip-install]`: a new
 * subgraph in `subgraphs/<name>/`, in the project's layout, that starts,
 * answers and passes its own tests at once, and its entry in
 * `schema/supergraph.yaml`. It is not in the served supergraph until
 * `npm run subgraph:publish -- --name <name>`.
 *
 * A name that is taken or invalid is refused and nothing is written.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import prettier from 'prettier';
import YAML from 'yaml';
import { defaultConfigFile, listSubgraphs, repositoryRoot, subgraphNamePattern } from '../../schema/subgraph-list';
import { generateResolverTypes, writeGeneratedFiles } from '../codegen';

const templateDir = join(repositoryRoot, 'scripts', 'subgraph', 'template');

/** Names the repository already uses for something else, or that would read as something else. */
const reservedNames = new Set(['common', 'gateway', 'schema', 'scripts', 'test', 'template', 'registry', 'subgraph']);

export interface ScaffoldOptions {
  name: string;
  /** Default: one above the highest port the config routes to. */
  port?: number;
  root?: string;
  now?: () => Date;
}

export interface ScaffoldResult {
  directory: string;
  files: string[];
  port: number;
}

/** Why a name cannot be used, or undefined when it can. */
export function refuseName(name: string, root = repositoryRoot): string | undefined {
  if (!subgraphNamePattern.test(name)) {
    return (
      `"${name}" is not a valid subgraph name: use 2–40 lower-case letters and digits, starting with a letter ` +
      '(it becomes the package @samverkan/subgraph-<name>, the database samverkan_<name> and the variables <NAME>_PORT…)'
    );
  }
  if (reservedNames.has(name)) return `"${name}" is reserved in this repository; choose the authority's name`;
  const configFile = join(root, 'schema', 'supergraph.yaml');
  if (listSubgraphs(configFile).some((s) => s.name === name)) {
    return `a subgraph named "${name}" is already in schema/supergraph.yaml`;
  }
  if (existsSync(join(root, 'subgraphs', name))) return `subgraphs/${name}/ already exists`;
  return undefined;
}

function templateFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? templateFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

interface FileEdit {
  file: string;
  /** What the file held before; undefined for a file the scaffold creates. */
  original: string | undefined;
  content: string;
}

/** Inserts `addition` after the last line matching `after`; throws when there is none. */
function insertAfterLast(text: string, after: RegExp, addition: string, file: string): string {
  const lines = text.split('\n');
  const index = lines.map((line) => after.test(line)).lastIndexOf(true);
  if (index < 0) throw new Error(`${file} has no line matching ${after}: add the subgraph to it by hand`);
  lines.splice(index + 1, 0, ...addition.split('\n'));
  return lines.join('\n');
}

/**
 * The subgraph in the image and in the compose file, next to the others:
 * its package installed, a service on a database of its own, the gateway
 * routed to it and started after it.
 */
function deploymentEdits(root: string, name: string, port: number): FileEdit[] {
  const NAME = name.toUpperCase();
  const dockerfile = join(root, 'Dockerfile');
  const compose = join(root, 'docker-compose.yml');
  const dockerText = readFileSync(dockerfile, 'utf8');
  const composeText = readFileSync(compose, 'utf8');
  const service = [
    `  ${name}:`,
    '    <<: *subgraph',
    '    build:',
    '      <<: *build',
    '      args:',
    `        SERVICE: subgraphs/${name}`,
    '    secrets:',
    '      - gateway_public_key',
    `      - ${name}_database_password`,
    '    environment:',
    `      ${NAME}_PORT: '${port}'`,
    `      PORT_FOR_HEALTH: '${port}'`,
    "      METRICS_PORT: '9464'",
    '      GATEWAY_PUBLIC_KEY_FILE: /run/secrets/gateway_public_key',
    `      ${NAME}_DATABASE_URL: postgres://samverkan_${name}@postgres:5432/samverkan_${name}`,
    `      ${NAME}_DATABASE_PASSWORD_FILE: /run/secrets/${name}_database_password`,
    '      REDIS_URL: redis://redis:6379/0',
    '',
  ].join('\n');
  let composed = composeText.replace(/\n {2}gateway:\n/, `\n${service}\n  gateway:\n`);
  if (composed === composeText) throw new Error('docker-compose.yml has no gateway service to put the subgraph before');
  composed = insertAfterLast(
    composed,
    /^ {6}[A-Z0-9]+_URL: http:\/\//,
    `      ${NAME}_URL: http://${name}:${port}/graphql`,
    compose,
  );
  // Its role's password: for PostgreSQL's first start, which makes the role and database, and for the subgraph.
  composed = insertAfterLast(composed, /^ {6}- postgres_password$/, `      - ${name}_database_password`, compose);
  composed = insertAfterLast(
    composed,
    /^ {4}file: .*\/database\/[a-z0-9]+\.password$/,
    `  ${name}_database_password:\n    file: \${SAMVERKAN_KEYS_DIR:?set SAMVERKAN_KEYS_DIR}/database/${name}.password`,
    compose,
  );
  composed = insertAfterLast(
    composed,
    /^ {8}condition: service_started$/,
    `      ${name}:\n        condition: service_started`,
    compose,
  );
  return [
    {
      file: dockerfile,
      original: dockerText,
      content: insertAfterLast(
        dockerText,
        /^COPY subgraphs\/[a-z0-9]+\/package\.json /,
        `COPY subgraphs/${name}/package.json subgraphs/${name}/`,
        dockerfile,
      ),
    },
    { file: compose, original: composeText, content: composed },
    ...kubernetesEdits(root, name, port),
  ];
}

/**
 * The subgraph in the Kubernetes base: its Deployment, Service and
 * PodDisruptionBudget made from the first subgraph's (every subgraph's
 * manifest differs only in name and port), listed in the kustomization, and
 * the gateway routed to it.
 */
function kubernetesEdits(root: string, name: string, port: number): FileEdit[] {
  const base = join(root, 'deploy', 'kubernetes', 'base');
  const [model] = listSubgraphs(join(root, 'schema', 'supergraph.yaml'));
  const modelText = readFileSync(join(base, `${model.name}.yaml`), 'utf8');
  const manifest = modelText
    .replaceAll(model.name, name)
    .replaceAll(model.name.toUpperCase(), name.toUpperCase())
    .replace(/\b(?:containerPort|port|value): '?(\d+)'?$/gm, (line, value: string) =>
      Number(value) === model.defaultPort ? line.replace(value, String(port)) : line,
    );
  const kustomization = join(base, 'kustomization.yaml');
  const kustomizationText = readFileSync(kustomization, 'utf8');
  const gateway = join(base, 'gateway.yaml');
  const gatewayText = readFileSync(gateway, 'utf8');
  return [
    { file: join(base, `${name}.yaml`), original: undefined, content: manifest },
    {
      file: kustomization,
      original: kustomizationText,
      content: insertAfterLast(kustomizationText, /^ {2}- [a-z0-9-]+\.yaml$/, `  - ${name}.yaml`, kustomization),
    },
    {
      file: gateway,
      original: gatewayText,
      content: insertAfterLast(
        gatewayText,
        /^ {14}value: http:\/\/[a-z0-9]+:\d+\/graphql$/,
        `            - name: ${name.toUpperCase()}_URL\n              value: http://${name}:${port}/graphql`,
        gateway,
      ),
    },
  ];
}

/** Writes the subgraph and its config entry; throws, having written nothing, when the name is refused. */
export async function scaffoldSubgraph(options: ScaffoldOptions): Promise<ScaffoldResult> {
  const root = options.root ?? repositoryRoot;
  const configFile = root === repositoryRoot ? defaultConfigFile : join(root, 'schema', 'supergraph.yaml');
  const refusal = refuseName(options.name, root);
  if (refusal) throw new Error(refusal);
  const listed = listSubgraphs(configFile);
  const port = options.port ?? Math.max(...listed.map((s) => s.defaultPort)) + 1;
  if (listed.some((s) => s.defaultPort === port)) throw new Error(`port ${port} is taken by another subgraph`);

  const name = options.name;
  const replacements: Record<string, string> = {
    __name__: name,
    __Name__: name[0].toUpperCase() + name.slice(1),
    __NAME__: name.toUpperCase(),
    __port__: String(port),
    __timestamp__: String((options.now ?? (() => new Date()))().getTime()),
  };
  const fill = (text: string) => text.replace(/__(name|Name|NAME|port|timestamp)__/g, (token) => replacements[token]);
  // Everything is rendered, and formatted as `npm run lint` expects, before anything is written.
  const files = await Promise.all(
    templateFiles(templateDir).map(async (template) => {
      const path = join(root, 'subgraphs', name, fill(relative(templateDir, template)).replace(/\.tmpl$/, ''));
      const config = await prettier.resolveConfig(path);
      return {
        path,
        content: await prettier.format(fill(readFileSync(template, 'utf8')), { ...config, filepath: path }),
      };
    }),
  );

  const directory = join(root, 'subgraphs', name);
  const edits: FileEdit[] = [];
  let generated: string[] = [];
  try {
    for (const file of files) {
      mkdirSync(dirname(file.path), { recursive: true });
      writeFileSync(file.path, file.content, { flag: 'wx' });
    }
    for (const edit of deploymentEdits(root, name, port)) edits.push(edit);
    const configText = readFileSync(configFile, 'utf8');
    const config = YAML.parseDocument(configText);
    config.setIn(['subgraphs', name], {
      routing_url: `http://localhost:${port}/graphql`,
      schema: { file: `../subgraphs/${name}/schema.graphql` },
    });
    edits.push({ file: configFile, original: configText, content: config.toString() });
    for (const edit of edits) writeFileSync(edit.file, edit.content);
    // Its resolvers' types, as `npm run codegen` writes them: generated from the config entry just written.
    const resolverTypes = await generateResolverTypes(root, [name]);
    writeGeneratedFiles(resolverTypes);
    generated = resolverTypes.map((f) => f.file);
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    for (const edit of edits) {
      if (edit.original === undefined) rmSync(edit.file, { force: true });
      else writeFileSync(edit.file, edit.original);
    }
    throw error;
  }
  return { directory, files: [...files.map((f) => f.path), ...generated].map((f) => relative(root, f)), port };
}

async function main() {
  let parsed: { values: { port?: string; 'skip-install'?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { port: { type: 'string' }, 'skip-install': { type: 'boolean', default: false } },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\nusage: npm run subgraph:new -- <name> [--port <port>]`);
    process.exit(2);
  }
  const [name, ...extra] = parsed.positionals;
  if (!name || extra.length > 0) {
    console.error('usage: npm run subgraph:new -- <name> [--port <port>]');
    process.exit(2);
  }
  const port = parsed.values.port === undefined ? undefined : Number(parsed.values.port);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65_536)) {
    console.error(`--port must be a port number, got "${parsed.values.port}"`);
    process.exit(2);
  }
  let result: ScaffoldResult;
  try {
    result = await scaffoldSubgraph({ name, port });
  } catch (error) {
    console.error(`subgraph:new: ${(error as Error).message}. Nothing was written.`);
    process.exit(1);
  }
  if (!parsed.values['skip-install']) {
    // The new workspace package goes into package-lock.json, or a clean `npm ci` refuses the lock file.
    execFileSync('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund', '--ignore-scripts'], {
      cwd: repositoryRoot,
      stdio: 'inherit',
    });
  }
  process.stdout.write(
    `Created subgraphs/${name}/ (${result.files.length} files) on port ${result.port}, and its entry in schema/supergraph.yaml.\n\n` +
      `Next:\n` +
      `  npx jest subgraphs/${name}                    its own tests\n` +
      `  npm run subgraph:check -- --name ${name}      what it changes in the supergraph\n` +
      `  npm run subgraph:publish -- --name ${name}    into schema/supergraph.graphql; a running gateway serves it\n` +
      `After changing its schema.graphql, \`npm run codegen\` writes its resolvers' types again.\n` +
      `Guide: docs/contributing-a-subgraph.md\n`,
  );
}

if (require.main === module) void main();
