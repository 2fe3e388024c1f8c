import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

/** One Kubernetes object as a manifest states it. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: any;
}

/** The parts of a kustomization this repository uses; `build` refuses any other, rather than ignore it. */
const understood = new Set(['apiVersion', 'kind', 'namespace', 'labels', 'resources', 'images', 'configMapGenerator']);

/**
 * What `kustomize build <dir>` (and `kubectl apply -k <dir>`) makes of a
 * kustomization, for the features this repository's kustomizations use:
 * resources (files and other kustomizations), `namespace`, `labels`,
 * `images` and `configMapGenerator` literals. Generated ConfigMaps keep their
 * plain name: kustomize adds a content hash and rewrites the references to
 * it, which changes nothing a test here checks. No kustomize binary is needed.
 */
export function kustomizeBuild(dir: string): Manifest[] {
  const file = join(dir, 'kustomization.yaml');
  if (!existsSync(file)) throw new Error(`${dir} has no kustomization.yaml`);
  const kustomization = YAML.parse(readFileSync(file, 'utf8'));
  const unknown = Object.keys(kustomization).filter((key) => !understood.has(key));
  if (unknown.length > 0) throw new Error(`${file}: test/support/kustomize.ts does not apply ${unknown.join(', ')}`);
  if (kustomization.kind !== 'Kustomization') throw new Error(`${file}: kind must be Kustomization`);

  const manifests: Manifest[] = [];
  for (const resource of kustomization.resources ?? []) {
    const path = join(dir, resource);
    if (statSync(path).isDirectory()) manifests.push(...kustomizeBuild(path));
    else {
      for (const document of YAML.parseAllDocuments(readFileSync(path, 'utf8'))) {
        if (document.errors.length > 0) throw new Error(`${path}: ${document.errors[0].message}`);
        const manifest = document.toJS();
        if (manifest) manifests.push(manifest);
      }
    }
  }
  for (const generator of kustomization.configMapGenerator ?? []) {
    const data = Object.fromEntries(
      (generator.literals ?? []).map((literal: string) => {
        const at = literal.indexOf('=');
        return [literal.slice(0, at), literal.slice(at + 1)];
      }),
    );
    manifests.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: generator.name }, data });
  }

  for (const manifest of manifests) {
    if (kustomization.namespace && manifest.kind !== 'Namespace') manifest.metadata.namespace = kustomization.namespace;
    for (const { pairs } of kustomization.labels ?? []) {
      manifest.metadata.labels = { ...manifest.metadata.labels, ...pairs };
    }
    for (const container of podSpecOf(manifest)?.containers ?? []) {
      const image = (kustomization.images ?? []).find(
        (i: { name: string }) => container.image.split(':')[0] === i.name,
      );
      if (image) container.image = `${image.newName ?? image.name}${image.newTag ? `:${image.newTag}` : ''}`;
    }
  }
  return manifests;
}

/** The pod template's spec of a workload; undefined for anything that runs no pods. */
export function podSpecOf(manifest: Manifest): Record<string, any> | undefined {
  return ['Deployment', 'StatefulSet', 'DaemonSet'].includes(manifest.kind) ? manifest.spec?.template?.spec : undefined;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

/** Whether a label selector selects an object with these labels, as the API server decides it. */
export function selects(selector: LabelSelector, labels: Record<string, string> = {}): boolean {
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpression = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case 'In':
        return key in labels && values.includes(labels[key]);
      case 'NotIn':
        return !(key in labels) || !values.includes(labels[key]);
      case 'Exists':
        return key in labels;
      case 'DoesNotExist':
        return !(key in labels);
    }
  });
  return byLabel && byExpression;
}
