import { Entity } from 'typeorm';
import { AreaStatistic } from '@samverkan/common';

/** Offences reported per municipality and district and year. */
@Entity({ name: 'reported_crime_statistic' })
export class ReportedCrimeStatistic extends AreaStatistic {}
