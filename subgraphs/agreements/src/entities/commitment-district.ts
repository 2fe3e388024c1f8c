import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Commitment } from './commitment';

/** A district a commitment works in; one of its agreement's districts. */
@Entity({ name: 'commitment_district' })
export class CommitmentDistrict {
  @PrimaryColumn({ name: 'commitment_id', type: 'varchar', length: 120 })
  commitmentId!: string;

  @PrimaryColumn({ name: 'district_id', type: 'varchar', length: 64 })
  districtId!: string;

  @ManyToOne(() => Commitment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commitment_id', foreignKeyConstraintName: 'FK_commitment_district_commitment' })
  commitment?: Commitment;
}
