import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { FocusArea } from './local-development-agreement';
import { LocalDevelopmentAgreement } from './local-development-agreement';

export type FollowUpStatus = 'DRAFT' | 'SUBMITTED';
export type AssessmentRating = 'ON_TRACK' | 'AT_RISK' | 'OFF_TRACK';

/** The report's judgement of one goal area. */
export interface FocusAreaAssessment {
  focusArea: FocusArea;
  rating: AssessmentRating;
  assessment: string;
}

/** One district figure as the supergraph served it when the report was filed, with its source. */
export interface IndicatorSnapshot {
  districtId: string;
  districtName: string;
  statistic: 'population' | 'unemployment' | 'sicknessIndex' | 'reportedCrimes';
  year: number;
  value: number | null;
  unit: string;
  suppressed: boolean;
  synthetic: boolean;
  source: string;
  publisher: string | null;
}

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

  /** The token subject of who filed it; null for the seed's and for drafts. */
  @Column({ name: 'filed_by', type: 'varchar', length: 200, nullable: true })
  filedBy!: string | null;

  /** One per goal area of the agreement; empty for the seed's. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  assessments!: FocusAreaAssessment[];

  /** The district indicators as they stood when filed, so later revisions of the statistics do not rewrite it. */
  @Column({ type: 'jsonb', nullable: true })
  indicators!: IndicatorSnapshot[] | null;

  /** What the snapshot lacks and why (a partner that did not answer); empty when complete. */
  @Column({ name: 'indicator_gaps', type: 'jsonb', default: () => "'[]'" })
  indicatorGaps!: string[];

  @Column({ name: 'indicators_taken_at', type: 'timestamptz', nullable: true })
  indicatorsTakenAt!: Date | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @ManyToOne(() => LocalDevelopmentAgreement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id', foreignKeyConstraintName: 'FK_follow_up_report_agreement' })
  agreement?: LocalDevelopmentAgreement;
}
