import { InitialSchema1795308313625 } from './1795308313625-initial-schema';
import { YouthInProgrammes1795311237574 } from './1795311237574-youth-in-programmes';
import { PublishedStatisticSources1795435824690 } from './1795435824690-published-statistic-sources';

/** Every migration, oldest first. */
export const migrations = [
  InitialSchema1795308313625,
  YouthInProgrammes1795311237574,
  PublishedStatisticSources1795435824690,
];
