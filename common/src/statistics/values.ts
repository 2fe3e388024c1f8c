/** The GraphQL `Statistic` shape every statistics subgraph serves. */
export interface StatisticValue {
  year: number;
  value: number | null;
  unit: string;
  suppressed: boolean;
  source: StatisticSourceValue;
}

/** The GraphQL `StatisticSource`: where a figure comes from, and under what terms. */
export interface StatisticSourceValue {
  name: string;
  publisher: string | null;
  table: string | null;
  period: string;
  licence: string | null;
  url: string | null;
  synthetic: boolean;
}

/** The source of a stored figure, as served. */
export function sourceOf(row: {
  year: number;
  sourceName: string;
  sourcePublisher?: string | null;
  sourceTable?: string | null;
  sourceLicence?: string | null;
  sourceUrl?: string | null;
  synthetic: boolean;
}): StatisticSourceValue {
  return {
    name: row.sourceName,
    publisher: row.sourcePublisher ?? null,
    table: row.sourceTable ?? null,
    period: String(row.year),
    licence: row.sourceLicence ?? null,
    url: row.sourceUrl ?? null,
    synthetic: row.synthetic,
  };
}

/** The GraphQL `StatisticSeries`: one statistic of one area over a range of years. */
export interface StatisticSeriesValue {
  statistic: string;
  unit: string;
  availableYears: number[];
  publishedYears: number[];
  points: StatisticValue[];
}
