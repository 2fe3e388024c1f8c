import type { AuditLog, Caller, SubgraphServices } from '@samverkan/common';
import type { DataSource } from 'typeorm';
import { createLoaders, type Loaders } from './loaders';

export interface AgreementsContext {
  dataSource: DataSource;
  loaders: Loaders;
  /** Who is asking, as the gateway vouches. */
  caller: Caller;
  /** Where writes are recorded, beside the history each agreement keeps. */
  audit: AuditLog;
}

// The agreements subgraph serves no statistics, so it has no use for the subgraph config.
export function createContext(
  dataSource: DataSource,
  caller: Caller,
  _config: unknown,
  { audit }: SubgraphServices,
): AgreementsContext {
  return { dataSource, loaders: createLoaders(dataSource), caller, audit };
}
