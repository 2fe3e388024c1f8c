import { InitialSchema1795308316609 } from './1795308316609-initial-schema';
import { PublishedStatisticSources1795435827333 } from './1795435827333-published-statistic-sources';

/** Every migration, oldest first. */
export const migrations = [InitialSchema1795308316609, PublishedStatisticSources1795435827333];
