import { InitialSchema1795308267065 } from './1795308267065-initial-schema';
import { PublishedStatisticSources1795435822043 } from './1795435822043-published-statistic-sources';

/** Every migration, oldest first. */
export const migrations = [InitialSchema1795308267065, PublishedStatisticSources1795435822043];
