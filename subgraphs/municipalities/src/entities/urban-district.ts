import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { DistrictConfidence } from '@samverkan/common';
import { Municipality } from './municipality';

@Entity({ name: 'urban_district' })
export class UrbanDistrict {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Index('IDX_urban_district_municipality_code')
  @Column({ name: 'municipality_code', type: 'varchar', length: 4 })
  municipalityCode!: string;

  @ManyToOne(() => Municipality, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'municipality_code', foreignKeyConstraintName: 'FK_urban_district_municipality' })
  municipality?: Municipality;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  confidence!: DistrictConfidence;

  @Column({ name: 'confidence_note', type: 'varchar', length: 300 })
  confidenceNote!: string;
}
