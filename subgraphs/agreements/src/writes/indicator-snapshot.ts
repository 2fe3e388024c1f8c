import { readFileSync } from 'node:fs';
import { repositoryPath } from '@samverkan/common';
import type { IndicatorSnapshot } from '../entities';

/**
 * The registered operation that reads an agreement's district indicators
 * through the gateway: public fields only, so it is asked anonymously, and
 * registered, so a gateway that accepts only registered operations runs it.
 */
const document = readFileSync(repositoryPath('schema', 'operations', 'FollowUpIndicators.graphql'), 'utf8');

const statistics = ['population', 'unemployment', 'sicknessIndex', 'reportedCrimes'] as const;

/** Long enough for the gateway's own per-partner timeouts to answer first with what it has. */
const snapshotTimeoutMs = 15_000;

interface Figure {
  year: number;
  value: number | null;
  unit: string;
  suppressed: boolean;
  source: { name: string; synthetic: boolean; publisher: string | null };
}

type District = { id: string; name: string } & Partial<Record<(typeof statistics)[number], Figure | null>>;

export interface Snapshot {
  indicators: IndicatorSnapshot[];
  /** One line per figure or partner that did not answer: a report is filed all the same. */
  gaps: string[];
  takenAt: Date;
}

/**
 * The agreement's district indicators for `year` as the supergraph serves
 * them now. A partner that is down costs only its own figures, named in
 * `gaps`; a supergraph that does not answer at all costs the whole snapshot,
 * and says so, but never the filing.
 */
export async function takeIndicatorSnapshot(
  supergraphUrl: string,
  agreementId: string,
  year: number,
): Promise<Snapshot> {
  const takenAt = new Date();
  let body: {
    data?: { agreement?: { districts?: District[] } | null } | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: { subgraph?: string } }[];
  };
  try {
    const response = await fetch(supergraphUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
      body: JSON.stringify({ query: document, variables: { agreementId, year }, operationName: 'FollowUpIndicators' }),
      signal: AbortSignal.timeout(snapshotTimeoutMs),
    });
    body = (await response.json()) as typeof body;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { indicators: [], gaps: [`the supergraph did not answer (${reason}); no indicators were kept`], takenAt };
  }
  const districts = body.data?.agreement?.districts ?? [];
  const gaps = (body.errors ?? []).map(
    (e) =>
      `${(e.path ?? []).join('.') || 'request'}: ${e.message}${e.extensions?.subgraph ? ` (${e.extensions.subgraph})` : ''}`,
  );
  if (districts.length === 0 && gaps.length === 0) gaps.push('the supergraph returned no districts for the agreement');
  const indicators = districts.flatMap((district) =>
    statistics.flatMap((statistic) => {
      const figure = district[statistic];
      if (!figure) return [];
      return [
        {
          districtId: district.id,
          districtName: district.name,
          statistic,
          year: figure.year,
          value: figure.value,
          unit: figure.unit,
          suppressed: figure.suppressed,
          synthetic: figure.source.synthetic,
          source: figure.source.name,
          publisher: figure.source.publisher,
        },
      ];
    }),
  );
  return { indicators, gaps, takenAt };
}
