import { InitialSchema1795308313625 } from './1795308313625-initial-schema';

/** Every migration, oldest first. */
export const migrations = [InitialSchema1795308313625];
