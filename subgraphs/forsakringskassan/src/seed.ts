import type { EntityManager } from 'typeorm';
import {
  insertInChunks,
  loadAgreementMunicipalities,
  AreaFigures,
  areaStatisticRows,
  type SeedOptions,
} from '@samverkan/common';
import { Forsakringskassan, ServiceOffice, SicknessStatistic } from './entities';

export async function seed(manager: EntityManager): Promise<void> {
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
}

/**
 * Published municipal figures where there are any, synthetic figures
 * modelled on them elsewhere (every district, and the years without one).
 */
export async function seedSicknessStatistics(manager: EntityManager, options: SeedOptions): Promise<void> {
  await insertInChunks(
    manager,
    SicknessStatistic,
    areaStatisticRows(new AreaFigures(options.syntheticSeed), 'ohalsotal'),
  );
}
