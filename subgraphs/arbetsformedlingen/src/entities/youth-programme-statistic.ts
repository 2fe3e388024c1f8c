import { Column, Entity, PrimaryColumn } from 'typeorm';
import { AreaYearKey } from '@samverkan/common';

/** T for the total, K for women (kvinnor), M for men (män): Kolada's convention. */
export type Gender = 'T' | 'K' | 'M';

/** Unemployed young people aged 16–19 in labour-market programmes, per area, year and sex. */
@Entity({ name: 'youth_programme_statistic' })
export class YouthProgrammeStatistic extends AreaYearKey {
  @PrimaryColumn({ type: 'varchar', length: 1 })
  gender!: Gender;

  @Column({ type: 'integer' })
  count!: number;

  @Column({ name: 'source_name', type: 'varchar', length: 200 })
  sourceName!: string;

  @Column({ type: 'boolean' })
  synthetic!: boolean;
}
