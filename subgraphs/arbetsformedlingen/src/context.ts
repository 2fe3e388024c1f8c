import type { DataSource } from 'typeorm';
import { createLoaders, type Loaders } from './loaders';

export interface ArbetsformedlingenContext {
  dataSource: DataSource;
  loaders: Loaders;
}

export function createContext(dataSource: DataSource): ArbetsformedlingenContext {
  return { dataSource, loaders: createLoaders(dataSource) };
}
