import { InitialSchema1795308181001 } from './1795308181001-initial-schema';

/** Every migration, oldest first. */
export const migrations = [InitialSchema1795308181001];
