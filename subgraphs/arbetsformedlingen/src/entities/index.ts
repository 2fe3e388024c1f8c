import { Arbetsformedlingen } from './arbetsformedlingen';
import { EmploymentOffice } from './employment-office';
import { UnemploymentStatistic } from './unemployment-statistic';

export { Arbetsformedlingen, EmploymentOffice, UnemploymentStatistic };
export const entities = [Arbetsformedlingen, EmploymentOffice, UnemploymentStatistic];
