import type { EntityManager } from 'typeorm';
import {
  insertInChunks,
  loadAgreementMunicipalities,
  syntheticAreaStatistics,
  syntheticUnemployment,
  type SeedOptions,
} from '@samverkan/common';
import { Arbetsformedlingen, EmploymentOffice, UnemploymentStatistic } from './entities';

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
