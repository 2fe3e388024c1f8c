import type { RealStatisticSource } from '@samverkan/common';
import type { JsonNode, LocatedJson } from './json-positions';
import { FigureList, withheldFigure, type PublishedFigures } from './published-figures';

/**
 * Kolada's API v3 answer to `GET https://api.kolada.se/v3/data/kpi/<kpi>/…`
 * (municipality and/or year), as saved to a file:
 *
 * ```json
 * { "values": [ { "kpi": "N03920", "municipality": "0180", "period": 2020,
 *                 "values": [ { "gender": "T", "count": 1, "status": "", "value": 7.9 },
 *                             { "gender": "K", … }, { "gender": "M", … } ] } ],
 *   "count": 1, "next_url": null, "previous_url": null }
 * ```
 *
 * The shape rests on Kolada's own description (github.com/Hypergene/kolada,
 * README: `kpi`, `municipality`, `period`, `values: [{count, gender, status,
 * value}]`, "value: <float> or null", at most one entry per gender) and on v3
 * answers quoted in public clients: `period` a number (a four-digit string is
 * accepted too), a missing figure `{"value": null, "status": "Missing"}`,
 * paging by `next_url`. A file may be one page of a longer answer; each page
 * is whole figures, so it is read as it stands.
 *
 * Every record must be of the source's KPI, for one of the 290 municipalities
 * (Kolada's `0000`, the whole country, and `00xx`, its regions, are refused);
 * every gender's entry is checked (`T`, `K`, `M`, each at most once, a value
 * within the unit's bounds or null); the total, gender `T`, is imported. A
 * null total is a figure Kolada does not publish: stored withheld, whatever
 * its `status` says.
 */
export function readKolada(document: LocatedJson, source: RealStatisticSource): PublishedFigures {
  const list = new FigureList(source);
  for (const record of document.node().get('values').items()) {
    const kpi = record.get('kpi');
    if (kpi.string() !== source.kpi) kpi.refuse(`"${kpi.value}" is not ${source.kpi}, the KPI of ${source.key}`);
    const municipalityCode = list.municipality(record.get('municipality'));
    const period = record.get('period');
    const year = list.year(period);
    let total: JsonNode | undefined;
    const genders = new Set<string>();
    for (const entry of record.get('values').items()) {
      const gender = entry.get('gender');
      if (!['T', 'K', 'M'].includes(gender.string())) gender.refuse(`"${gender.value}" is not one of T, K, M`);
      if (genders.has(gender.string())) gender.refuse(`a second entry for gender ${gender.value}`);
      genders.add(gender.string());
      const count = entry.get('count');
      if (count.value !== undefined && count.value !== null) count.integer(0);
      const status = entry.get('status');
      if (status.value !== undefined && status.value !== null) status.string();
      const value = entry.get('value');
      if (value.value === undefined) value.refuse('missing (null where Kolada has no figure)');
      if (value.value !== null) list.value(value);
      if (gender.value === 'T') total = value;
    }
    if (!total) return record.get('values').refuse('no entry for gender T, the total imported');
    list.add(
      period,
      total.value === null
        ? withheldFigure(municipalityCode, year)
        : { municipalityCode, year, value: total.value as number },
    );
  }
  return { figures: list.done(document.file), origin: `Kolada ${source.kpi}` };
}
