import { County } from './county';
import { Municipality } from './municipality';
import { PopulationStatistic } from './population-statistic';
import { UrbanDistrict } from './urban-district';

export { County, Municipality, PopulationStatistic, UrbanDistrict };
export const entities = [County, Municipality, UrbanDistrict, PopulationStatistic];
