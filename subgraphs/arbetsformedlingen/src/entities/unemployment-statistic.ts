import { Entity } from 'typeorm';
import { AreaStatistic } from '@samverkan/common';

/** Registered unemployment per municipality and district and year. */
@Entity({ name: 'unemployment_statistic' })
export class UnemploymentStatistic extends AreaStatistic {}
