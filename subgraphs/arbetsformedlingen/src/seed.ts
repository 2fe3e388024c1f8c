import type { EntityManager } from 'typeorm';
import {
  insertInChunks,
  loadAgreementMunicipalities,
  syntheticAreaStatistics,
  syntheticUnemployment,
  syntheticYouthInProgrammes,
  type SyntheticMeasure,
  type SeedOptions,
} from '@samverkan/common';
import { Arbetsformedlingen, EmploymentOffice, UnemploymentStatistic, YouthProgrammeStatistic } from './entities';

export const unemploymentSourceName =
  'Synthetic registered-unemployment series (stand-in for Arbetsförmedlingen / Kolada)';

export async function seed(manager: EntityManager, options: SeedOptions): Promise<void> {
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

  await insertInChunks(
    manager,
    UnemploymentStatistic,
    syntheticAreaStatistics(options.syntheticSeed, syntheticUnemployment, unemploymentSourceName),
  );
}

export const youthProgrammesSourceName =
  'Synthetic youth-in-programmes series (stand-in for Arbetsförmedlingen statistics by sex)';

/** Young people aged 16–19 in programmes, women, men and the total, per area and year. */
export async function seedYouthInProgrammes(manager: EntityManager, options: SeedOptions): Promise<void> {
  const part =
    (which: 'women' | 'men'): SyntheticMeasure =>
    (...args) => {
      const count = syntheticYouthInProgrammes(...args)[which];
      return { value: count, count };
    };
  const women = syntheticAreaStatistics(options.syntheticSeed, part('women'), youthProgrammesSourceName);
  const men = syntheticAreaStatistics(options.syntheticSeed, part('men'), youthProgrammesSourceName);
  const rows = women.flatMap((w, i) => {
    const m = men[i];
    const base = { areaKind: w.areaKind, areaId: w.areaId, year: w.year, sourceName: w.sourceName, synthetic: true };
    return [
      { ...base, gender: 'K' as const, count: w.value },
      { ...base, gender: 'M' as const, count: m.value },
      { ...base, gender: 'T' as const, count: w.value + m.value },
    ];
  });
  await insertInChunks(manager, YouthProgrammeStatistic, rows);
}
