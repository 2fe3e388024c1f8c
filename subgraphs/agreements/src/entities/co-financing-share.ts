import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Commitment } from './commitment';
import type { PartnerType } from './partnership';

/**
 * One partner's share of a commitment's budget (medfinansiering). The shares
 * of a commitment add up to 100 %, in hundredths of a per cent so that the
 * sum is exact.
 */
@Entity({ name: 'co_financing_share' })
export class CoFinancingShare {
  @PrimaryColumn({ name: 'commitment_id', type: 'varchar', length: 120 })
  commitmentId!: string;

  @PrimaryColumn({ name: 'partner_type', type: 'varchar', length: 32 })
  partnerType!: PartnerType;

  @PrimaryColumn({ name: 'partner_id', type: 'varchar', length: 64 })
  partnerId!: string;

  /** 1 to 10,000: 0.01 % to 100 %. */
  @Column({ name: 'basis_points', type: 'integer' })
  basisPoints!: number;

  /** Order in which the shares were given. */
  @Column({ type: 'integer' })
  position!: number;

  @ManyToOne(() => Commitment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commitment_id', foreignKeyConstraintName: 'FK_co_financing_share_commitment' })
  commitment?: Commitment;
}
