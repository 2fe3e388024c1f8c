import type { DataSource } from 'typeorm';
import { createLoaders, type Loaders } from './loaders';

export interface PoliceContext {
  dataSource: DataSource;
  loaders: Loaders;
}

export function createContext(dataSource: DataSource): PoliceContext {
  return { dataSource, loaders: createLoaders(dataSource) };
}
