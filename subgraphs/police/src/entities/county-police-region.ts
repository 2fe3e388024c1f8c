import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PoliceRegion } from './police-region';

/** Which region polices which county. */
@Entity({ name: 'county_police_region' })
export class CountyPoliceRegion {
  @PrimaryColumn({ name: 'county_code', type: 'varchar', length: 2 })
  countyCode!: string;

  @Index('IDX_county_police_region_region_code')
  @Column({ name: 'region_code', type: 'varchar', length: 8 })
  regionCode!: string;

  @ManyToOne(() => PoliceRegion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_code', foreignKeyConstraintName: 'FK_county_police_region_region' })
  region?: PoliceRegion;
}
