import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PoliceRegion } from './police-region';

/** Which region polices which municipality, through its county. */
@Entity({ name: 'municipality_police_region' })
export class MunicipalityPoliceRegion {
  @PrimaryColumn({ name: 'municipality_code', type: 'varchar', length: 4 })
  municipalityCode!: string;

  @Column({ name: 'county_code', type: 'varchar', length: 2 })
  countyCode!: string;

  @Index('IDX_municipality_police_region_region_code')
  @Column({ name: 'region_code', type: 'varchar', length: 8 })
  regionCode!: string;

  @ManyToOne(() => PoliceRegion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_code', foreignKeyConstraintName: 'FK_municipality_police_region_region' })
  region?: PoliceRegion;
}
