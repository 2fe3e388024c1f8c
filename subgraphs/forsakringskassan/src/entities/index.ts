import { Forsakringskassan } from './forsakringskassan';
import { ServiceOffice } from './service-office';
import { SicknessStatistic } from './sickness-statistic';

export { Forsakringskassan, ServiceOffice, SicknessStatistic };
export const entities = [Forsakringskassan, ServiceOffice, SicknessStatistic];
