import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { readSubgraphConfig } from '@samverkan/common';
import ts from 'typescript';
import { readGatewayConfig } from '../gateway/src/config';
import { subgraphDefinitions } from '../subgraphs/registry';
import { testKeys } from './support/identity';
import { kustomizeBuild, podSpecOf, selects, type LabelSelector, type Manifest } from './support/kustomize';

/**
 * No cluster runs here, so the manifests are built as `kubectl apply -k`
 * would build them, every object is validated against the Kubernetes API's
 * own schemas (kubernetes-models, generated from the API server's OpenAPI
 * document) and for fields the API does not know, the policies the deployment promises are checked object by
 * object, and each container's environment is fed to the real config
 * readers, as the docker-compose test does.
 */
const root = join(__dirname, '..');
const base = join(root, 'deploy', 'kubernetes', 'base');
const production = join(root, 'deploy', 'kubernetes', 'overlays', 'production');
const builds = { base: kustomizeBuild(base), production: kustomizeBuild(production) };
const manifests = builds.production;

/** Validates one object against the schema of its apiVersion and kind; throws naming the first violation. */
async function validateAgainstKubernetesSchema(manifest: Manifest): Promise<void> {
  // kubernetes-models is ESM only; one module per API group version, e.g. kubernetes-models/apps/v1.
  const group = await import(`kubernetes-models/${manifest.apiVersion}`);
  const Model = group[manifest.kind];
  if (typeof Model !== 'function') throw new Error(`no schema for ${manifest.apiVersion} ${manifest.kind}`);
  new Model(manifest).validate();
}

/**
 * The fields no Kubernetes API type has, which the JSON schemas above let
 * through and `kubectl apply` (strict field validation) refuses: each object
 * is type-checked as an object literal of its kubernetes-models interface,
 * whose excess-property check names any field the API does not define.
 */
function unknownFields(objects: Manifest[]): string[] {
  const file = join(root, 'test', 'kubernetes-strict.virtual.ts');
  const source = objects
    .map((m, i) => {
      const module = `kubernetes-models/${m.apiVersion}/${m.kind}`;
      return `import type { I${m.kind} as T${i} } from '${module}';\nexport const o${i}: T${i} = ${JSON.stringify(m)};`;
    })
    .join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) =>
    name === file ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
  host.fileExists = (name) => name === file || fileExists(name);
  host.readFile = (name) => (name === file ? source : readFile(name));
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
}

const find = (kind: string, name: string): Manifest => {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
};
const deployments = manifests.filter((m) => m.kind === 'Deployment');
const podLabelsOf = (deployment: Manifest): Record<string, string> => deployment.spec.template.metadata.labels;
const containerOf = (deployment: Manifest) => podSpecOf(deployment)!.containers[0];
const portNumber = (container: any, port: string | number): number =>
  typeof port === 'number' ? port : container.ports.find((p: { name: string }) => p.name === port)?.containerPort;

/** What the operator creates with kubectl (README, Deployment): stand-ins, never in the repository. */
const testSecrets: Record<string, Record<string, string>> = {
  'gateway-signing-key': { 'gateway-signing.private.jwk.json': JSON.stringify(testKeys.gateway.privateKey) },
  'gateway-public-key': { 'gateway-signing.public.jwk.json': JSON.stringify(testKeys.gateway.publicKey) },
  redis: { password: 'redis-test-password' },
  ...Object.fromEntries(
    subgraphDefinitions.map((d) => [
      `${d.name}-database`,
      { url: `postgres://samverkan_${d.name}:test-password@db.example.test:5432/samverkan_${d.name}` },
    ]),
  ),
};

/**
 * A container's environment as the kubelet hands it over: the Dockerfile's
 * own, then envFrom, then env with `$(VAR)` expanded; secret volumes are
 * written to a temporary directory that stands in for their mount path.
 */
function environmentOf(deployment: Manifest): Record<string, string> {
  const container = containerOf(deployment);
  const configMap = (name: string) => manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === name);
  const env: Record<string, string> = { NODE_ENV: 'production', HOST: '0.0.0.0' };
  for (const source of container.envFrom ?? []) {
    const found = configMap(source.configMapRef.name);
    if (!found && !source.configMapRef.optional) throw new Error(`no ConfigMap ${source.configMapRef.name}`);
    Object.assign(env, found?.data);
  }
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) {
      env[variable.name] = String(variable.value).replace(/\$\((\w+)\)/g, (_, name: string) => env[name] ?? '');
    } else if (variable.valueFrom?.secretKeyRef) {
      const { name, key, optional } = variable.valueFrom.secretKeyRef;
      const value = testSecrets[name]?.[key];
      if (value === undefined && !optional) throw new Error(`${variable.name}: no stand-in for secret ${name}/${key}`);
      if (value !== undefined) env[variable.name] = value;
    } else if (variable.valueFrom?.configMapKeyRef) {
      const { name, key } = variable.valueFrom.configMapKeyRef;
      env[variable.name] = configMap(name)?.data?.[key];
    }
  }
  const mounted = mkdtempSync(join(tmpdir(), 'samverkan-kubernetes-'));
  for (const mount of container.volumeMounts ?? []) {
    const volume = podSpecOf(deployment)!.volumes.find((v: { name: string }) => v.name === mount.name);
    if (!volume.secret) continue;
    const dir = join(mounted, mount.mountPath);
    mkdirSync(dir, { recursive: true });
    for (const [key, content] of Object.entries(testSecrets[volume.secret.secretName] ?? {}))
      writeFileSync(join(dir, key), content);
    for (const [name, value] of Object.entries(env))
      if (value.startsWith(`${mount.mountPath}/`)) env[name] = join(mounted, value);
  }
  return env;
}

describe('the Kubernetes manifests (deploy/kubernetes)', () => {
  it.each(Object.entries(builds))(
    'builds the %s kustomization into objects the Kubernetes API schemas accept',
    async (_, built) => {
      expect(built.length).toBeGreaterThan(20);
      for (const manifest of built) {
        const where = `${manifest.kind} ${manifest.metadata.name}`;
        await expect(validateAgainstKubernetesSchema(manifest).then(() => where)).resolves.toBe(where);
      }
    },
  );

  it('has a schema check that rejects an object the API server would refuse', async () => {
    const broken = structuredClone(find('Deployment', 'gateway'));
    containerOf(broken).ports[0].containerPort = 'http';
    await expect(validateAgainstKubernetesSchema(broken)).rejects.toThrow(/containerPort must be integer/);
    const noSelector = structuredClone(find('PodDisruptionBudget', 'gateway'));
    noSelector.spec.minAvailable = { percent: 50 };
    await expect(validateAgainstKubernetesSchema(noSelector)).rejects.toThrow(/minAvailable/);
  });

  it('uses no field the Kubernetes API does not define (kubectl apply validates strictly)', () => {
    expect(unknownFields(manifests)).toEqual([]);
    const misspelt = structuredClone(find('Deployment', 'gateway'));
    const container = containerOf(misspelt);
    container.livenesProbe = container.livenessProbe;
    delete container.livenessProbe;
    expect(unknownFields([misspelt])).toEqual([
      expect.stringContaining(`livenesProbe"' does not exist in type 'IContainer'`),
    ]);
  });

  it('puts everything in the samverkan namespace and runs the image the overlay names', () => {
    for (const manifest of manifests.filter((m) => m.kind !== 'Namespace'))
      expect({ object: `${manifest.kind} ${manifest.metadata.name}`, namespace: manifest.metadata.namespace }).toEqual({
        object: `${manifest.kind} ${manifest.metadata.name}`,
        namespace: 'samverkan',
      });
    for (const deployment of deployments.filter((d) => d.metadata.name !== 'redis')) {
      expect(containerOf(deployment).image).toBe('registry.example.se/samverkan:0.1.0');
      expect(containerOf(find('Deployment', deployment.metadata.name)).image).not.toMatch(/:latest$/);
    }
    for (const deployment of builds.base.filter((m) => m.kind === 'Deployment' && m.metadata.name !== 'redis'))
      expect(containerOf(deployment).image).toBe('samverkan');
  });

  it('runs at least two gateway replicas, scaled by a HorizontalPodAutoscaler and kept by a PodDisruptionBudget', () => {
    const gateway = find('Deployment', 'gateway');
    expect(gateway.spec.replicas).toBeGreaterThanOrEqual(2);
    const autoscaler = find('HorizontalPodAutoscaler', 'gateway');
    expect(autoscaler.apiVersion).toBe('autoscaling/v2');
    expect(autoscaler.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'gateway' });
    expect(autoscaler.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(autoscaler.spec.maxReplicas).toBeGreaterThan(autoscaler.spec.minReplicas);
    // CPU utilisation is measured against requests, so the gateway must have one.
    expect(containerOf(gateway).resources.requests.cpu).toBeDefined();
  });

  it('gives the gateway and every subgraph a PodDisruptionBudget that still lets a node drain', () => {
    for (const name of ['gateway', ...subgraphDefinitions.map((d) => d.name)]) {
      const deployment = find('Deployment', name);
      const budget = find('PodDisruptionBudget', name);
      expect(selects(budget.spec.selector, podLabelsOf(deployment))).toBe(true);
      // A budget that allows no disruption at all would block every node drain.
      const allowed =
        budget.spec.maxUnavailable ?? deployment.spec.replicas - (budget.spec.minAvailable ?? deployment.spec.replicas);
      expect({ name, allowed: allowed >= 1, replicas: deployment.spec.replicas >= 2 }).toEqual({
        name,
        allowed: true,
        replicas: true,
      });
    }
  });

  it('gives every container requests and limits of CPU and memory', () => {
    for (const deployment of deployments)
      for (const container of podSpecOf(deployment)!.containers) {
        const { requests = {}, limits = {} } = container.resources ?? {};
        expect({ container: container.name, requests: Object.keys(requests).sort() }).toEqual({
          container: container.name,
          requests: ['cpu', 'memory'],
        });
        expect({ container: container.name, limits: Object.keys(limits).sort() }).toEqual({
          container: container.name,
          limits: ['cpu', 'memory'],
        });
      }
  });

  it('runs every container unprivileged, as the restricted Pod Security Standard the namespace enforces requires', () => {
    expect(find('Namespace', 'samverkan').metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    for (const deployment of deployments) {
      const pod = podSpecOf(deployment)!;
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(pod.securityContext.seccompProfile.type).toBe('RuntimeDefault');
      for (const container of pod.containers) {
        expect(container.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
      }
    }
  });

  it.each(subgraphDefinitions.map((d) => [d.name, d] as const))(
    'configures the %s subgraph for production: its port, its own database URL from a Secret, the gateway public key',
    (name, definition) => {
      const deployment = find('Deployment', name);
      const env = environmentOf(deployment);
      expect(env.SERVICE).toBe(`subgraphs/${name}`);
      // Said, not left to the default: the Service and the probes name this port.
      expect(env[`${name.toUpperCase()}_PORT`]).toBe(String(definition.defaultPort));
      const config = readSubgraphConfig(definition, env);
      expect(config.port).toBe(definition.defaultPort);
      expect(config.host).toBe('0.0.0.0');
      expect(config.database).toEqual({ kind: 'server', url: testSecrets[`${name}-database`].url });
      expect(config.gatewayPublicKey).toEqual(testKeys.gateway.publicKey);
      // The subgraph's Service reaches the port the subgraph listens on.
      const container = containerOf(deployment);
      const service = find('Service', name);
      expect(selects({ matchLabels: service.spec.selector }, podLabelsOf(deployment))).toBe(true);
      expect(service.spec.ports[0].port).toBe(definition.defaultPort);
      expect(portNumber(container, service.spec.ports[0].targetPort)).toBe(config.port);
    },
  );

  it('routes the gateway to each subgraph Service, signs with the key from its Secret and trusts the overlay identity provider', () => {
    const env = environmentOf(find('Deployment', 'gateway'));
    expect(env.SERVICE).toBe('gateway');
    expect(env.GATEWAY_PORT).toBe('4000');
    const config = readGatewayConfig(env);
    expect(config.playground).toBe(false);
    expect(config.trustProxy).toBe(1);
    expect(config.signingKey).toEqual(testKeys.gateway.privateKey);
    expect(config.callerTokens).toEqual({
      jwks: new URL('https://login.example.se/.well-known/jwks.json'),
      issuer: 'https://login.example.se',
      audience: 'samverkan',
    });
    for (const definition of subgraphDefinitions) {
      const service = find('Service', definition.name);
      expect(config.subgraphUrls[definition.name]).toBe(
        `http://${service.metadata.name}:${service.spec.ports[0].port}/graphql`,
      );
    }
    expect(env.REDIS_URL).toBe('redis://:redis-test-password@redis:6379/0');
    expect(find('Service', 'redis').spec.ports[0].port).toBe(6379);
  });

  it('probes /health for liveness and /ready for readiness on the port each service listens on', () => {
    for (const deployment of deployments.filter((d) => d.metadata.name !== 'redis')) {
      const container = containerOf(deployment);
      const env = environmentOf(deployment);
      const name = deployment.metadata.name;
      const definition = subgraphDefinitions.find((d) => d.name === name);
      const listening = definition ? readSubgraphConfig(definition, env).port : readGatewayConfig(env).port;
      const probe = (kind: string) => {
        const { path, port } = container[kind].httpGet;
        return { path, port: portNumber(container, port) };
      };
      expect({ name, liveness: probe('livenessProbe') }).toEqual({
        name,
        liveness: { path: '/health', port: listening },
      });
      expect({ name, readiness: probe('readinessProbe') }).toEqual({
        name,
        readiness: { path: '/ready', port: listening },
      });
      expect({ name, startup: probe('startupProbe') }).toEqual({ name, startup: { path: '/health', port: listening } });
    }
  });

  it('exposes /metrics on METRICS_PORT 9464, on a port named metrics that Prometheus is told to scrape', () => {
    for (const deployment of deployments.filter((d) => d.metadata.name !== 'redis')) {
      const container = containerOf(deployment);
      const annotations = deployment.spec.template.metadata.annotations;
      expect(environmentOf(deployment).METRICS_PORT).toBe('9464');
      expect(portNumber(container, 'metrics')).toBe(9464);
      expect(annotations).toEqual({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': '9464',
        'prometheus.io/path': '/metrics',
      });
    }
  });

  it('has README commands that create each Secret the manifests use, under the names they use, and apply what exists', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Kubernetes'));
    const created = [...section.matchAll(/create secret generic (\$name-database|[a-z-]+)/g)].flatMap(([, name]) =>
      name === '$name-database' ? subgraphDefinitions.map((d) => `${d.name}-database`) : [name],
    );
    const used = new Set<string>();
    for (const deployment of deployments) {
      for (const volume of podSpecOf(deployment)!.volumes ?? []) if (volume.secret) used.add(volume.secret.secretName);
      for (const container of podSpecOf(deployment)!.containers)
        for (const variable of container.env ?? [])
          if (variable.valueFrom?.secretKeyRef) used.add(variable.valueFrom.secretKeyRef.name);
    }
    expect([...new Set(created)].sort()).toEqual([...used].sort());
    for (const [, path] of section.matchAll(/kubectl apply -[kf] ([\w./-]+)/g))
      expect({ path, exists: existsSync(join(root, path)) }).toEqual({ path, exists: true });
    expect(section).toContain('kubectl apply -k deploy/kubernetes/overlays/production');
    for (const [, path] of section.matchAll(/ -f (deploy\/postgres\/\S+)/g))
      expect({ path, exists: existsSync(join(root, path)) }).toEqual({ path, exists: true });
  });

  describe('network policies', () => {
    const policies = manifests.filter((m) => m.kind === 'NetworkPolicy');
    const pods = deployments.map((d) => ({ name: d.metadata.name, labels: podLabelsOf(d) }));
    const ingressPoliciesOf = (labels: Record<string, string>) =>
      policies.filter((p) => p.spec.policyTypes.includes('Ingress') && selects(p.spec.podSelector, labels));

    it('deny every ingress that no policy admits', () => {
      const denyAll = policies.find(
        (p) =>
          Object.keys(p.spec.podSelector).length === 0 && p.spec.policyTypes.includes('Ingress') && !p.spec.ingress,
      );
      expect(denyAll).toBeDefined();
    });

    it.each(subgraphDefinitions.map((d) => [d.name]))('admit only gateway pods to the %s subgraph port', (name) => {
      const deployment = find('Deployment', name);
      const container = containerOf(deployment);
      const graphqlPort = portNumber(container, 'http');
      const admitting = ingressPoliciesOf(podLabelsOf(deployment)).flatMap((p) =>
        (p.spec.ingress ?? []).filter(
          (rule: any) =>
            !rule.ports || rule.ports.some((port: any) => portNumber(container, port.port) === graphqlPort),
        ),
      );
      expect(admitting.length).toBeGreaterThan(0);
      for (const rule of admitting) {
        // No rule without `from` (anyone), and no peer by namespace or address: only pods, of this namespace.
        expect(rule.from?.length).toBeGreaterThan(0);
        for (const peer of rule.from) {
          expect(Object.keys(peer)).toEqual(['podSelector']);
          const admitted = pods.filter((pod) => selects(peer.podSelector as LabelSelector, pod.labels));
          expect(admitted.map((pod) => pod.name)).toEqual(['gateway']);
        }
      }
    });

    it('let the services, and nothing else in the namespace, reach Redis', () => {
      const redis = find('Deployment', 'redis');
      const admitted = ingressPoliciesOf(podLabelsOf(redis))
        .flatMap((p) => p.spec.ingress ?? [])
        .flatMap((rule: any) => rule.from)
        .flatMap((peer: any) => pods.filter((pod) => selects(peer.podSelector, pod.labels)).map((pod) => pod.name));
      expect([...new Set(admitted)].sort()).toEqual(['gateway', ...subgraphDefinitions.map((d) => d.name)].sort());
    });
  });

  describe('secrets', () => {
    const deployFiles = (dir: string): string[] =>
      readdirSync(dir).flatMap((entry) => {
        const path = join(dir, entry);
        return statSync(path).isDirectory() ? deployFiles(path) : [path];
      });

    it('keeps no secret in the repository: no Secret objects, no keys, no passwords', () => {
      expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
      for (const file of [...deployFiles(join(root, 'deploy')), join(root, 'docker-compose.yml')]) {
        const text = readFileSync(file, 'utf8');
        const where = relative(root, file);
        expect({ where, privateJwk: /"d"\s*:/.test(text) }).toEqual({ where, privateJwk: false });
        expect({ where, pem: /BEGIN [A-Z ]*PRIVATE KEY/.test(text) }).toEqual({ where, pem: false });
        expect({ where, secretKind: /^kind:\s*Secret\b/m.test(text) }).toEqual({ where, secretKind: false });
      }
    });

    it('takes every key, password, database URL and seed from a Secret, never from a literal value', () => {
      for (const deployment of deployments)
        for (const container of podSpecOf(deployment)!.containers)
          for (const variable of container.env ?? []) {
            if (!/PASSWORD|SEED|DATABASE_URL|SIGNING_KEY$|TOKEN|SECRET/.test(variable.name)) continue;
            expect({ variable: variable.name, fromSecret: Boolean(variable.valueFrom?.secretKeyRef) }).toEqual({
              variable: variable.name,
              fromSecret: true,
            });
          }
      for (const configMap of manifests.filter((m) => m.kind === 'ConfigMap'))
        for (const key of Object.keys(configMap.data ?? {})) expect(key).not.toMatch(/PASSWORD|SEED|KEY$|SECRET/);
    });

    it('mounts the gateway private signing key into the gateway alone', () => {
      const mounting = deployments
        .filter((d) => (podSpecOf(d)!.volumes ?? []).some((v: any) => v.secret?.secretName === 'gateway-signing-key'))
        .map((d) => d.metadata.name);
      expect(mounting).toEqual(['gateway']);
      for (const definition of subgraphDefinitions) {
        const volumes = podSpecOf(find('Deployment', definition.name))!.volumes;
        expect(volumes.filter((v: any) => v.secret).map((v: any) => v.secret.secretName)).toEqual([
          'gateway-public-key',
        ]);
      }
    });
  });
});
