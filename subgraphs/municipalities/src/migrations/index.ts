import { InitialSchema1795308181001 } from './1795308181001-initial-schema';
import { PublishedStatisticSources1795435819485 } from './1795435819485-published-statistic-sources';

/** Every migration, oldest first. */
export const migrations = [InitialSchema1795308181001, PublishedStatisticSources1795435819485];
