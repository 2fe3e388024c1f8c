import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Where a municipality lies: its county and its police region, copied from
 * SCB's and Polisen's reference data into this subgraph's own database, so
 * that agreements can be filtered by county or police region without asking
 * another partner's service at run time.
 */
@Entity({ name: 'municipality_location' })
export class MunicipalityLocation {
  @PrimaryColumn({ name: 'municipality_code', type: 'varchar', length: 4 })
  municipalityCode!: string;

  @Index('IDX_municipality_location_county')
  @Column({ name: 'county_code', type: 'varchar', length: 2 })
  countyCode!: string;

  @Index('IDX_municipality_location_police_region')
  @Column({ name: 'police_region_code', type: 'varchar', length: 4 })
  policeRegionCode!: string;
}
