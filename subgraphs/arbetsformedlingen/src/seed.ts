import type { EntityManager } from 'typeorm';
import {
  AreaFigures,
  areaStatisticRows,
  insertInChunks,
  loadAgreementMunicipalities,
  statisticAreas,
  statisticYears,
  syntheticYouthInProgrammes,
  type SeedOptions,
} from '@samverkan/common';
import { Arbetsformedlingen, EmploymentOffice, UnemploymentStatistic, YouthProgrammeStatistic } from './entities';

export async function seed(manager: EntityManager): Promise<void> {
  await manager.insert(Arbetsformedlingen, {
    id: 'arbetsformedlingen',
    name: 'Arbetsförmedlingen',
    shortName: 'AF',
    website: 'https://arbetsformedlingen.se',
    establishedOn: '2008-01-01',
  });
  // No office list is shipped; one illustrative office per agreement municipality, flagged as such.
  await manager.insert(
    EmploymentOffice,
    loadAgreementMunicipalities().map((m) => ({
      id: `af-${m.code}`,
      name: `Arbetsförmedlingen ${m.name}`,
      municipalityCode: m.code,
      synthetic: true,
    })),
  );
}

/**
 * Published municipal unemployment where there is a figure, synthetic
 * figures modelled on it elsewhere (every district, and the years without one).
 */
export async function seedUnemployment(manager: EntityManager, options: SeedOptions): Promise<void> {
  await insertInChunks(
    manager,
    UnemploymentStatistic,
    areaStatisticRows(new AreaFigures(options.syntheticSeed), 'unemployment'),
  );
}

export const youthProgrammesSourceName =
  'Synthetic youth-in-programmes series (stand-in for Arbetsförmedlingen statistics by sex)';

/** Young people aged 16–19 in programmes, women, men and the total, per area and year; all synthetic. */
export async function seedYouthInProgrammes(manager: EntityManager, options: SeedOptions): Promise<void> {
  const figures = new AreaFigures(options.syntheticSeed);
  const areas = statisticAreas();
  const rows = statisticYears.flatMap((year) =>
    areas.flatMap(({ kind, id }) => {
      const population = figures.population(kind, id, year);
      const { women, men } = syntheticYouthInProgrammes(options.syntheticSeed, kind, id, year, population);
      const base = { areaKind: kind, areaId: id, year, sourceName: youthProgrammesSourceName, synthetic: true };
      return [
        { ...base, gender: 'K' as const, count: women },
        { ...base, gender: 'M' as const, count: men },
        { ...base, gender: 'T' as const, count: women + men },
      ];
    }),
  );
  await insertInChunks(manager, YouthProgrammeStatistic, rows);
}
