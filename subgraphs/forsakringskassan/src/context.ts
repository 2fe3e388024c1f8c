import type { Caller, SubgraphConfig } from '@samverkan/common';
import type { DataSource } from 'typeorm';
import { createLoaders, type Loaders } from './loaders';

export interface ForsakringskassanContext {
  dataSource: DataSource;
  loaders: Loaders;
  /** Who is asking, as the gateway vouches. */
  caller: Caller;
}

export function createContext(
  dataSource: DataSource,
  caller: Caller,
  config: SubgraphConfig,
): ForsakringskassanContext {
  return { dataSource, loaders: createLoaders(dataSource, config.suppression), caller };
}
