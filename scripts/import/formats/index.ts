import { ImportRefusedError, parseRealStatistics, type RealStatisticSource } from '@samverkan/common';
import { readForsakringskassan } from './forsakringskassan';
import { looksLikeJson, parseLocatedJson, type JsonValue, type LocatedJson } from './json-positions';
import { readJsonStat2 } from './json-stat2';
import { readKolada } from './kolada';
import type { PublishedFigures } from './published-figures';

export type { PublishedFigures, StatisticProvenance } from './published-figures';

/** The file formats `npm run import` reads, as `--format` names them. */
export const importFormats = ['csv', 'kolada', 'json-stat2', 'forsakringskassan'] as const;
export type ImportFormat = (typeof importFormats)[number];

const jsonReaders: Record<
  Exclude<ImportFormat, 'csv'>,
  (document: LocatedJson, source: RealStatisticSource) => PublishedFigures
> = {
  kolada: readKolada,
  'json-stat2': readJsonStat2,
  forsakringskassan: readForsakringskassan,
};

const isObject = (value: JsonValue | undefined): value is { [key: string]: JsonValue } =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Which publisher's format a JSON document is in, from its shape: Kolada's
 * `{values: [{kpi, municipality, period, values}]}`, JSON-stat 2.0's
 * `{class: "dataset", version: "2.0"}`, Försäkringskassan's
 * `[{dimensions, observations}]`; undefined for none of them.
 */
function jsonFormatOf(root: JsonValue): Exclude<ImportFormat, 'csv'> | undefined {
  if (isObject(root)) {
    if (root.class === 'dataset' && root.version === '2.0') return 'json-stat2';
    const records = root.values;
    if (Array.isArray(records) && (records.length === 0 || (isObject(records[0]) && 'kpi' in records[0]))) {
      return 'kolada';
    }
    if ('observations' in root) return 'forsakringskassan';
  }
  if (Array.isArray(root) && isObject(root[0]) && 'observations' in root[0]) return 'forsakringskassan';
  return undefined;
}

/**
 * The format of a file, from its content: JSON (it opens with `{` or `[`)
 * in one of the publishers' formats, else CSV in the layout of
 * `common/reference-data/real/`. JSON in none of them is refused, as is
 * text that opens as JSON but is not.
 */
export function detectFormat(text: string, file: string): ImportFormat {
  if (!looksLikeJson(text)) return 'csv';
  return jsonFormat(parseLocatedJson(text, file));
}

function jsonFormat(document: LocatedJson): Exclude<ImportFormat, 'csv'> {
  const format = jsonFormatOf(document.root);
  if (!format) {
    throw new ImportRefusedError(
      document.file,
      1,
      'JSON in none of the formats read: Kolada v3 {"values": [{"kpi", …}]}, json-stat2 {"class": "dataset", ' +
        '"version": "2.0"}, Försäkringskassan [{"dimensions", "observations"}]',
    );
  }
  return format;
}

/**
 * The figures of `source` in a file of published statistics, every element
 * checked and the file refused whole at the first one at fault: the format
 * `format` names, else the one its content shows (`detectFormat`).
 */
export function readPublishedFigures(
  text: string,
  source: RealStatisticSource,
  file: string,
  format?: ImportFormat,
): PublishedFigures & { format: ImportFormat } {
  if (format === 'csv' || (format === undefined && !looksLikeJson(text))) {
    return { format: 'csv', figures: parseRealStatistics(text, source, file), origin: `Kolada ${source.kpi}` };
  }
  const document = parseLocatedJson(text, file);
  const read = format ?? jsonFormat(document);
  return { format: read, ...jsonReaders[read](document, source) };
}
