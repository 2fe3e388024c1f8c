import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { FocusArea } from './local-development-agreement';
import { LocalDevelopmentAgreement } from './local-development-agreement';
import type { PartnerType } from './partnership';

/** What one partner undertakes in one goal area of an agreement. Partner-only. */
@Entity({ name: 'commitment' })
export class Commitment {
  @PrimaryColumn({ name: 'agreement_id', type: 'varchar', length: 64 })
  agreementId!: string;

  @PrimaryColumn({ name: 'partner_type', type: 'varchar', length: 32 })
  partnerType!: PartnerType;

  @PrimaryColumn({ name: 'partner_id', type: 'varchar', length: 64 })
  partnerId!: string;

  @PrimaryColumn({ name: 'focus_area', type: 'varchar', length: 16 })
  focusArea!: FocusArea;

  @Column({ type: 'varchar', length: 1000 })
  description!: string;

  /** The partner's co-financing (medfinansiering) in kronor, where agreed. */
  @Column({ name: 'co_financing_sek', type: 'integer', nullable: true })
  coFinancingSek!: number | null;

  @Index('IDX_commitment_agreement_id')
  @ManyToOne(() => LocalDevelopmentAgreement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id', foreignKeyConstraintName: 'FK_commitment_agreement' })
  agreement?: LocalDevelopmentAgreement;
}
