import type { EntityManager } from 'typeorm';
import {
  insertInChunks,
  loadCounties,
  loadMunicipalities,
  loadUrbanDistricts,
  syntheticAreaStatistics,
  type AreaKind,
  type SeedOptions,
} from '@samverkan/common';
import { County, Municipality, PopulationStatistic, UrbanDistrict } from './entities';

export const populationSourceName = 'Synthetic population series (stand-in for SCB population statistics)';

/** Reference data from the shipped CSV files, population synthetic. */
export async function seed(manager: EntityManager, options: SeedOptions): Promise<void> {
  const municipalities = loadMunicipalities();
  const districts = loadUrbanDistricts();
  await manager.insert(County, loadCounties());
  await manager.insert(Municipality, municipalities);
  await manager.insert(
    UrbanDistrict,
    districts.map((d) => ({
      id: d.id,
      municipalityCode: d.municipalityCode,
      name: d.name,
      confidence: d.confidence,
      confidenceNote: d.note,
    })),
  );
  const population = (_seed: string, _kind: AreaKind, _id: string, _year: number, inhabitants: number) => ({
    value: inhabitants,
    count: inhabitants,
  });
  await insertInChunks(
    manager,
    PopulationStatistic,
    syntheticAreaStatistics(options.syntheticSeed, population, populationSourceName),
  );
}
