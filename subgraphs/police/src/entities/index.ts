import { CountyPoliceRegion } from './county-police-region';
import { MunicipalityPoliceRegion } from './municipality-police-region';
import { PoliceAuthority } from './police-authority';
import { PoliceRegion } from './police-region';
import { ReportedCrimeStatistic } from './reported-crime-statistic';
import { VulnerableArea } from './vulnerable-area';

export {
  CountyPoliceRegion,
  MunicipalityPoliceRegion,
  PoliceAuthority,
  PoliceRegion,
  ReportedCrimeStatistic,
  VulnerableArea,
};
export type { VulnerabilityCategory } from './vulnerable-area';
export const entities = [
  PoliceAuthority,
  PoliceRegion,
  CountyPoliceRegion,
  MunicipalityPoliceRegion,
  VulnerableArea,
  ReportedCrimeStatistic,
];
