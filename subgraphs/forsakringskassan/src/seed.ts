import type { EntityManager } from 'typeorm';
import {
  insertInChunks,
  loadAgreementMunicipalities,
  syntheticAreaStatistics,
  syntheticSicknessIndex,
  type SeedOptions,
} from '@samverkan/common';
import { Forsakringskassan, ServiceOffice, SicknessStatistic } from './entities';

export const sicknessSourceName = 'Synthetic ohälsotal series (stand-in for Försäkringskassan open data)';

export async function seed(manager: EntityManager, options: SeedOptions): Promise<void> {
  await manager.insert(Forsakringskassan, {
    id: 'forsakringskassan',
    name: 'Försäkringskassan',
    shortName: 'FK',
    website: 'https://www.forsakringskassan.se',
    establishedOn: '2005-01-01',
  });
  // No office list is shipped; one illustrative office per agreement municipality, flagged as such.
  await manager.insert(
    ServiceOffice,
    loadAgreementMunicipalities().map((m) => ({
      id: `fk-${m.code}`,
      name: `Försäkringskassan ${m.name}`,
      municipalityCode: m.code,
      synthetic: true,
    })),
  );

  await insertInChunks(
    manager,
    SicknessStatistic,
    syntheticAreaStatistics(options.syntheticSeed, syntheticSicknessIndex, sicknessSourceName),
  );
}
