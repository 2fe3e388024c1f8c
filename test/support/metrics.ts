/** One sample of a Prometheus exposition: a series name, its labels, its value. */
export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A scrape, parsed: every sample, and the type each metric family declares. */
export interface Scrape {
  samples: MetricSample[];
  types: Map<string, string>;
  /** The sum of the samples of `name` whose labels include `labels`; 0 when none match. */
  sum(name: string, labels?: Record<string, string>): number;
  /** The distinct values of `label` among the samples of `name`. */
  labelValues(name: string, label: string): string[];
}

const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const labelPair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/**
 * Parses the Prometheus text exposition format (0.0.4): `# TYPE` lines and
 * samples; `# HELP` and other comments are skipped. Strict: a line that is
 * neither fails the test, so a malformed exposition cannot pass unseen.
 */
export function parseExposition(text: string): Scrape {
  const samples: MetricSample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      const type = /^# TYPE (\S+) (\S+)$/.exec(line);
      if (type) types.set(type[1], type[2]);
      continue;
    }
    const match = sampleLine.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, name, value] of (match[2] ?? '').matchAll(labelPair)) {
      labels[name] = value.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    }
    // Go's ParseFloat, which Prometheus uses, takes NaN and Inf in any case; prom-client writes `Nan`.
    const written = match[3].toLowerCase();
    const value =
      written === 'nan'
        ? NaN
        : /^[+-]?inf$/.test(written)
          ? (written.startsWith('-') ? -1 : 1) * Infinity
          : Number(match[3]);
    if (Number.isNaN(value) && written !== 'nan') throw new Error(`not a sample value: ${line}`);
    samples.push({ name: match[1], labels, value });
  }
  const matching = (name: string, labels: Record<string, string>) =>
    samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return {
    samples,
    types,
    sum: (name, labels = {}) => matching(name, labels).reduce((total, s) => total + s.value, 0),
    labelValues: (name, label) => [
      ...new Set(samples.filter((s) => s.name === name && label in s.labels).map((s) => s.labels[label])),
    ],
  };
}

/** Scrapes a `/metrics` endpoint over real HTTP and parses what it serves. */
export async function scrape(url: string): Promise<Scrape> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
  if (!response.headers.get('content-type')?.startsWith('text/plain')) {
    throw new Error(`GET ${url} answered ${response.headers.get('content-type')}, not the text exposition format`);
  }
  return parseExposition(await response.text());
}
