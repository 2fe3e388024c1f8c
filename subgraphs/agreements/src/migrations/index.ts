import { InitialSchema1795308378462 } from './1795308378462-initial-schema';

/** Every migration, oldest first. */
export const migrations = [InitialSchema1795308378462];
