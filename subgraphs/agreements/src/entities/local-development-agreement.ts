import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { GovernmentDecision } from './government-decision';

export type FocusArea = 'WORK' | 'EDUCATION' | 'SAFETY' | 'GROWTH';

@Entity({ name: 'local_development_agreement' })
export class LocalDevelopmentAgreement {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Index('IDX_agreement_municipality_code')
  @Column({ name: 'municipality_code', type: 'varchar', length: 4 })
  municipalityCode!: string;

  @Column({ name: 'decision_id', type: 'varchar', length: 64 })
  decisionId!: string;

  @ManyToOne(() => GovernmentDecision, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'decision_id', foreignKeyConstraintName: 'FK_agreement_decision' })
  decision?: GovernmentDecision;

  @Column({ name: 'period_start', type: 'date' })
  periodStart!: string;

  @Column({ name: 'period_end', type: 'date' })
  periodEnd!: string;

  @Column({ name: 'focus_areas', type: 'varchar', length: 16, array: true })
  focusAreas!: FocusArea[];

  @Column({ name: 'continued_in_urban15', type: 'boolean' })
  continuedInUrban15!: boolean;

  /** Raised by every change to the agreement or its partners, so that a write based on an older read is refused. */
  @Column({ type: 'integer', default: 1 })
  version!: number;
}
