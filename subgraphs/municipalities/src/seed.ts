import type { EntityManager } from 'typeorm';
import {
  insertInChunks,
  loadCounties,
  loadMunicipalities,
  loadUrbanDistricts,
  AreaFigures,
  areaStatisticRows,
  type SeedOptions,
} from '@samverkan/common';
import { County, Municipality, PopulationStatistic, UrbanDistrict } from './entities';

/** Reference data from the shipped CSV files. */
export async function seed(manager: EntityManager): Promise<void> {
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
}

/**
 * Published municipal figures where there are any, synthetic figures
 * modelled on them elsewhere (every district, and the years without one).
 */
export async function seedPopulation(manager: EntityManager, options: SeedOptions): Promise<void> {
  await insertInChunks(
    manager,
    PopulationStatistic,
    areaStatisticRows(new AreaFigures(options.syntheticSeed), 'population'),
  );
}
