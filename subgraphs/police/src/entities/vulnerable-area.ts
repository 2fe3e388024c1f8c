import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PoliceRegion } from './police-region';

export type VulnerabilityCategory = 'VULNERABLE' | 'ESPECIALLY_VULNERABLE';

/** One area on Polisen's list of vulnerable areas. */
@Entity({ name: 'vulnerable_area' })
export class VulnerableArea {
  /** `<list year>-<municipality code>-<folded name>`, e.g. `2025-0127-alby`. */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  id!: string;

  @Index('IDX_vulnerable_area_municipality_code')
  @Column({ name: 'municipality_code', type: 'varchar', length: 4 })
  municipalityCode!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 32 })
  category!: VulnerabilityCategory;

  @Column({ name: 'list_year', type: 'integer' })
  listYear!: number;

  @Column({ name: 'local_police_area', type: 'varchar', length: 100 })
  localPoliceArea!: string;

  @Column({ name: 'police_area', type: 'varchar', length: 100 })
  policeArea!: string;

  @Index('IDX_vulnerable_area_region_code')
  @Column({ name: 'region_code', type: 'varchar', length: 8 })
  regionCode!: string;

  @ManyToOne(() => PoliceRegion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_code', foreignKeyConstraintName: 'FK_vulnerable_area_region' })
  region?: PoliceRegion;

  @Column({ name: 'boundary_valid_from', type: 'date' })
  boundaryValidFrom!: string;

  /** The agreement district this area was matched to, if any. */
  @Index('IDX_vulnerable_area_district_id')
  @Column({ name: 'district_id', type: 'varchar', length: 64, nullable: true })
  districtId!: string | null;
}
