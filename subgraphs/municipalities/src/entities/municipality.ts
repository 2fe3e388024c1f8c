import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { County } from './county';

@Entity({ name: 'municipality' })
export class Municipality {
  @PrimaryColumn({ type: 'varchar', length: 4 })
  code!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Index('IDX_municipality_county_code')
  @Column({ name: 'county_code', type: 'varchar', length: 2 })
  countyCode!: string;

  @ManyToOne(() => County, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'county_code', foreignKeyConstraintName: 'FK_municipality_county' })
  county?: County;
}
