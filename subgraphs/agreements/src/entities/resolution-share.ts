import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { PartnerType } from './partnership';
import { Resolution } from './resolution';

/** One partner's share of a proposed resolution's costs, as `CoFinancingShare` is of a commitment's budget. */
@Entity({ name: 'resolution_share' })
export class ResolutionShare {
  @PrimaryColumn({ name: 'resolution_id', type: 'varchar', length: 100 })
  resolutionId!: string;

  @PrimaryColumn({ name: 'partner_type', type: 'varchar', length: 32 })
  partnerType!: PartnerType;

  @PrimaryColumn({ name: 'partner_id', type: 'varchar', length: 64 })
  partnerId!: string;

  /** 1 to 10,000: 0.01 % to 100 %. */
  @Column({ name: 'basis_points', type: 'integer' })
  basisPoints!: number;

  @Column({ type: 'integer' })
  position!: number;

  @ManyToOne(() => Resolution, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'resolution_id', foreignKeyConstraintName: 'FK_resolution_share_resolution' })
  resolution?: Resolution;
}
