import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { LocalDevelopmentAgreement } from './local-development-agreement';

export type FollowUpStatus = 'DRAFT' | 'SUBMITTED';

/** The partners' yearly follow-up of an agreement; drafts included. Partner-only. */
@Entity({ name: 'follow_up_report' })
export class FollowUpReport {
  @PrimaryColumn({ name: 'agreement_id', type: 'varchar', length: 64 })
  agreementId!: string;

  @PrimaryColumn({ type: 'integer' })
  year!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: FollowUpStatus;

  @Column({ type: 'varchar', length: 2000 })
  summary!: string;

  @Column({ name: 'submitted_on', type: 'date', nullable: true })
  submittedOn!: string | null;

  @ManyToOne(() => LocalDevelopmentAgreement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id', foreignKeyConstraintName: 'FK_follow_up_report_agreement' })
  agreement?: LocalDevelopmentAgreement;
}
