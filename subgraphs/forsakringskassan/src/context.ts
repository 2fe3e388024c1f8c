import type { DataSource } from 'typeorm';
import { createLoaders, type Loaders } from './loaders';

export interface ForsakringskassanContext {
  dataSource: DataSource;
  loaders: Loaders;
}

export function createContext(dataSource: DataSource): ForsakringskassanContext {
  return { dataSource, loaders: createLoaders(dataSource) };
}
