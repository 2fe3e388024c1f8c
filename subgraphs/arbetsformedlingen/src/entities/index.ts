import { Arbetsformedlingen } from './arbetsformedlingen';
import { EmploymentOffice } from './employment-office';
import { UnemploymentStatistic } from './unemployment-statistic';
import { YouthProgrammeStatistic } from './youth-programme-statistic';

export { Arbetsformedlingen, EmploymentOffice, UnemploymentStatistic, YouthProgrammeStatistic };
export type { Gender } from './youth-programme-statistic';
export const entities = [Arbetsformedlingen, EmploymentOffice, UnemploymentStatistic, YouthProgrammeStatistic];
