import type { DataSource } from 'typeorm';
import { createLoaders, type Loaders } from './loaders';

export interface AgreementsContext {
  dataSource: DataSource;
  loaders: Loaders;
}

export function createContext(dataSource: DataSource): AgreementsContext {
  return { dataSource, loaders: createLoaders(dataSource) };
}
