import type { Caller } from '@samverkan/common';
import type { DataSource } from 'typeorm';
import { createLoaders, type Loaders } from './loaders';

export interface AgreementsContext {
  dataSource: DataSource;
  loaders: Loaders;
  /** Who is asking, as the gateway vouches. */
  caller: Caller;
}

// The agreements subgraph serves no statistics, so it has no use for the subgraph config.
export function createContext(dataSource: DataSource, caller: Caller): AgreementsContext {
  return { dataSource, loaders: createLoaders(dataSource), caller };
}
