import type { AuditLog, Caller, SubgraphConfig, SubgraphServices } from '@samverkan/common';
import type { DataSource } from 'typeorm';
import { createLoaders, type Loaders } from './loaders';

export interface AgreementsContext {
  dataSource: DataSource;
  loaders: Loaders;
  /** Who is asking, as the gateway vouches. */
  caller: Caller;
  /** Where writes are recorded, beside the history each agreement keeps. */
  audit: AuditLog;
  /** Where the district indicators a follow-up report keeps are asked for. */
  supergraphUrl: string;
}

export function createContext(
  dataSource: DataSource,
  caller: Caller,
  config: Pick<SubgraphConfig, 'supergraphUrl'>,
  { audit }: SubgraphServices,
): AgreementsContext {
  return { dataSource, loaders: createLoaders(dataSource), caller, audit, supergraphUrl: config.supergraphUrl };
}
