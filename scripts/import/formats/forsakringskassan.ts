import { ImportRefusedError, type RealStatisticSource } from '@samverkan/common';
import type { JsonNode, LocatedJson } from './json-positions';
import { FigureList, withheldFigure, type PublishedFigures } from './published-figures';

/** Försäkringskassan's open-data table of ohälsotalet, and the key of its measure in `observations`. */
const ohalsotal = {
  dataset: 'ohm-ohalsotal',
  table: 'SJPohttal',
  measure: 'oht',
  url: 'https://www.forsakringskassan.se/api/sprstatistikrapportera/public/v1/ohm-ohalsotal/SJPohttal.json',
};

/** Dimensions that place a record in time and space; every other `…_kod` dimension is a breakdown. */
const placeAndTime = new Set(['ar', 'manad', 'man', 'lan_kod', 'kommun_kod']);

/**
 * Försäkringskassan's open statistics as its API serves a table as JSON
 * (`https://www.forsakringskassan.se/api/sprstatistikrapportera/public/v1/<dataset>/<table>.json`;
 * ohälsotalet: `ohm-ohalsotal/SJPohttal.json`), one record per combination
 * of the table's dimensions:
 *
 * ```json
 * [ { "dimensions": { "ar": "2020", "manad": "12", "lan_kod": "01", "kommun_kod": "0180",
 *                     "kon_kod": "ALL", "aldersklass_kod": "ALL" },
 *     "observations": { "oht": { "value": 23.1, "rojd": false } } } ]
 * ```
 *
 * Försäkringskassan publishes no description of this JSON that could be
 * found; the shape is read off public clients of the API (R and Python
 * scripts of Swedish regions and researchers): a list of `{dimensions,
 * observations}` records, each observation `{value, rojd}` with `rojd` true
 * where the figure is withheld for disclosure control ("röjd"), dimension
 * codes `ar`, `manad` (`man` in some tables), `lan_kod`, `kommun_kod`
 * (`ALL_<county>` for a county's total, `ALL_ALL` for the country's),
 * `kon_kod` and `aldersklass_kod` (`ALL` for everyone), and ohälsotalet's
 * measure under the key `oht`. Where that reading is a guess it is a strict
 * one: anything else refuses the file, naming what was found. A single
 * record `{dimensions, observations}` not in a list is read as a list of one.
 *
 * Every record is checked: a year, a month from 01 to 12, a municipality
 * among the 290 (county and national totals are refused) in the county
 * `lan_kod` names, no record twice, and every observation a `{value, rojd}`
 * whose value is a number or null. Imported: ohälsotalet of everyone
 * (every breakdown `ALL`) over the twelve months to December (the month
 * `12`, or a record with no month), the annual figure Kolada's N00957
 * publishes; `rojd: true` is stored withheld, its value never read.
 */
export function readForsakringskassan(document: LocatedJson, source: RealStatisticSource): PublishedFigures {
  if (source.key !== 'ohalsotal') {
    throw new ImportRefusedError(
      document.file,
      undefined,
      `Försäkringskassan's tables are read for ohalsotal (${ohalsotal.dataset}/${ohalsotal.table}) only, not ${source.key}`,
    );
  }
  const root = document.node();
  const records = Array.isArray(root.value) ? root.items() : [root];
  const list = new FigureList(source);
  const combinations = new Map<string, number>();
  for (const record of records) {
    const dimensions = record.get('dimensions');
    const codes = dimensions.keys().filter((key) => key.endsWith('_kod') || placeAndTime.has(key));
    const combination = codes
      .sort()
      .map((key) => `${key}=${String(dimensions.get(key).value)}`)
      .join('&');
    const first = combinations.get(combination);
    if (first !== undefined) dimensions.refuse(`a second record for ${combination} (the first is on line ${first})`);
    combinations.set(combination, dimensions.line);

    const year = list.year(dimensions.get('ar'));
    const month = dimensions.has('manad') ? dimensions.get('manad') : dimensions.get('man');
    if (month.value !== undefined && !/^(0[1-9]|1[0-2])$/.test(month.string())) {
      month.refuse(`"${month.value}" is not a month from 01 to 12`);
    }
    const municipalityCode = list.municipality(dimensions.get('kommun_kod'), totalCode);
    const county = dimensions.get('lan_kod');
    if (county.value !== undefined && county.string() !== municipalityCode.slice(0, 2)) {
      county.refuse(`"${county.value}" is not the county of municipality ${municipalityCode}`);
    }
    const breakdown = codes.filter((key) => !placeAndTime.has(key));
    for (const key of breakdown) dimensions.get(key).string();
    const everyone = breakdown.every((key) => dimensions.get(key).value === 'ALL');

    const observations = record.get('observations');
    for (const key of observations.keys()) observation(observations.get(key));
    if (!observations.has(ohalsotal.measure)) {
      observations.refuse(
        `no "${ohalsotal.measure}" (ohälsotalet, ${source.unit}); found ${observations.keys().join(', ') || 'nothing'}`,
      );
    }
    const measure = observations.get(ohalsotal.measure);
    const withheld = measure.get('rojd').value === true;
    if (!withheld) list.value(measure.get('value'));
    if (everyone && (month.value === undefined || month.value === '12')) {
      list.add(
        record,
        withheld
          ? withheldFigure(municipalityCode, year)
          : { municipalityCode, year, value: measure.get('value').number() },
      );
    }
  }
  return {
    figures: list.done(document.file),
    origin: `Försäkringskassan ${ohalsotal.dataset}/${ohalsotal.table}`,
    provenance: {
      sourceName: `Försäkringskassan ${ohalsotal.dataset}/${ohalsotal.table}: Ohälsotalet, dagar (the twelve months to December)`,
      sourcePublisher: 'Försäkringskassan',
      sourceTable: ohalsotal.table,
      sourceLicence:
        'Försäkringskassan open data (Sveriges officiella statistik): free to reuse; "Källa: Försäkringskassan"',
      sourceUrl: ohalsotal.url,
    },
  };
}

/** What Försäkringskassan's codes that are not municipalities stand for. */
function totalCode(code: string): string {
  if (code === 'ALL_ALL') return ' (it is the whole country)';
  if (/^ALL_\d\d$/.test(code)) return ` (it is the total of county ${code.slice(4)})`;
  return '';
}

/** An observation: `{value, rojd}`, the value a number or null, `rojd` true or false. */
function observation(node: JsonNode): void {
  const value = node.get('value');
  if (value.value !== null) value.number();
  const rojd = node.get('rojd');
  if (typeof rojd.value !== 'boolean') rojd.refuse(`expected true or false, found ${rojd.describe()}`);
  if (value.value === null && !rojd.value) {
    value.refuse('null, yet rojd is false: a figure that is not withheld has a value');
  }
}
