import { InitialSchema1795308316609 } from './1795308316609-initial-schema';

/** Every migration, oldest first. */
export const migrations = [InitialSchema1795308316609];
