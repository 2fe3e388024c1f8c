import { InitialSchema1795308267065 } from './1795308267065-initial-schema';

/** Every migration, oldest first. */
export const migrations = [InitialSchema1795308267065];
