import type { DataSource } from 'typeorm';
import { createLoaders, type Loaders } from './loaders';

export interface MunicipalitiesContext {
  dataSource: DataSource;
  loaders: Loaders;
}

export function createContext(dataSource: DataSource): MunicipalitiesContext {
  return { dataSource, loaders: createLoaders(dataSource) };
}
