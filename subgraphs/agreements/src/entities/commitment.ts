import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { FocusArea } from './local-development-agreement';
import { LocalDevelopmentAgreement } from './local-development-agreement';
import type { PartnerType } from './partnership';

export type CommitmentStatus = 'PLANNED' | 'ONGOING' | 'DONE' | 'CANCELLED';

/** An action one partner undertakes in one goal area of an agreement, with its budget. Partner-only. */
@Entity({ name: 'commitment' })
export class Commitment {
  @PrimaryColumn({ type: 'varchar', length: 120 })
  id!: string;

  @Index('IDX_commitment_agreement_id')
  @Column({ name: 'agreement_id', type: 'varchar', length: 64 })
  agreementId!: string;

  /** The partner that commits; only it may change the commitment. */
  @Column({ name: 'partner_type', type: 'varchar', length: 32 })
  partnerType!: PartnerType;

  @Column({ name: 'partner_id', type: 'varchar', length: 64 })
  partnerId!: string;

  @Column({ name: 'focus_area', type: 'varchar', length: 16 })
  focusArea!: FocusArea;

  @Column({ type: 'varchar', length: 1000 })
  description!: string;

  @Column({ name: 'period_start', type: 'date' })
  periodStart!: string;

  @Column({ name: 'period_end', type: 'date' })
  periodEnd!: string;

  /** What the action costs in kronor, shared among partners as its co-financing rows say; null until agreed. */
  @Column({ name: 'budget_sek', type: 'integer', nullable: true })
  budgetSek!: number | null;

  @Column({ type: 'varchar', length: 16 })
  status!: CommitmentStatus;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @ManyToOne(() => LocalDevelopmentAgreement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id', foreignKeyConstraintName: 'FK_commitment_agreement' })
  agreement?: LocalDevelopmentAgreement;
}
