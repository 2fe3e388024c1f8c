import { Entity } from 'typeorm';
import { AreaStatistic } from '@samverkan/common';

/** Inhabitants per municipality and district and year. */
@Entity({ name: 'population_statistic' })
export class PopulationStatistic extends AreaStatistic {}
