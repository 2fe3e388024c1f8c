import { Entity } from 'typeorm';
import { AreaStatistic } from '@samverkan/common';

/** Sickness absence (ohälsotal) per municipality and district and year. */
@Entity({ name: 'sickness_statistic' })
export class SicknessStatistic extends AreaStatistic {}
