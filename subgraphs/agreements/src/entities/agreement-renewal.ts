import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { LocalDevelopmentAgreement } from './local-development-agreement';

/**
 * One agreement followed by the next, e.g. 2008–2010 → URBAN 15 2012–2014.
 * Each agreement has at most one predecessor and one successor, so the
 * renewals of a municipality form a chain (the one-to-one relations make
 * both columns unique).
 */
@Entity({ name: 'agreement_renewal' })
export class AgreementRenewal {
  @PrimaryColumn({ name: 'predecessor_id', type: 'varchar', length: 64 })
  predecessorId!: string;

  @Column({ name: 'successor_id', type: 'varchar', length: 64 })
  successorId!: string;

  @OneToOne(() => LocalDevelopmentAgreement, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'predecessor_id', foreignKeyConstraintName: 'FK_agreement_renewal_predecessor' })
  predecessor?: LocalDevelopmentAgreement;

  @OneToOne(() => LocalDevelopmentAgreement, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'successor_id', foreignKeyConstraintName: 'FK_agreement_renewal_successor' })
  successor?: LocalDevelopmentAgreement;
}
