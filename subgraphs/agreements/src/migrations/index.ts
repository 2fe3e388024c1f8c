import { InitialSchema1795308378462 } from './1795308378462-initial-schema';
import { PartnerData1795310963800 } from './1795310963800-partner-data';
import { MunicipalityLocations1795440612352 } from './1795440612352-municipality-locations';
import { AgreementWrites1795457027262 } from './1795457027262-agreement-writes';
import { CommitmentBudgets1795457847269 } from './1795457847269-commitment-budgets';
import { ObstacleResolutions1795458213609 } from './1795458213609-obstacle-resolutions';
import { FollowUpFiling1795458848054 } from './1795458848054-follow-up-filing';

/** Every migration, oldest first. */
export const migrations = [
  InitialSchema1795308378462,
  PartnerData1795310963800,
  MunicipalityLocations1795440612352,
  AgreementWrites1795457027262,
  CommitmentBudgets1795457847269,
  ObstacleResolutions1795458213609,
  FollowUpFiling1795458848054,
];
