import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { FocusArea } from './local-development-agreement';
import { LocalDevelopmentAgreement } from './local-development-agreement';
import type { PartnerType } from './partnership';

export type ObstacleKind = 'OBSTACLE' | 'GOAL_CONFLICT';
export type ObstacleStatus = 'OPEN' | 'ESCALATED' | 'RESOLVED';

/** An obstacle (hinder) or goal conflict (målkonflikt) a partner reported. Partner-only. */
@Entity({ name: 'obstacle' })
export class Obstacle {
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id!: string;

  @Index('IDX_obstacle_agreement_id')
  @Column({ name: 'agreement_id', type: 'varchar', length: 64 })
  agreementId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: ObstacleKind;

  @Column({ type: 'varchar', length: 1000 })
  description!: string;

  /** The goal area whose work it stands in the way of. */
  @Column({ name: 'focus_area', type: 'varchar', length: 16 })
  focusArea!: FocusArea;

  /** The partner that reported it. */
  @Column({ name: 'partner_type', type: 'varchar', length: 32 })
  partnerType!: PartnerType;

  @Column({ name: 'partner_id', type: 'varchar', length: 64 })
  partnerId!: string;

  /** When it was recorded; null for the seed's. */
  @Column({ name: 'reported_at', type: 'timestamptz', nullable: true })
  reportedAt!: Date | null;

  @Column({ type: 'varchar', length: 16 })
  status!: ObstacleStatus;

  /** Who last changed the status (token subject) and when; null while it never changed. */
  @Column({ name: 'status_changed_by', type: 'varchar', length: 200, nullable: true })
  statusChangedBy!: string | null;

  @Column({ name: 'status_changed_at', type: 'timestamptz', nullable: true })
  statusChangedAt!: Date | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @ManyToOne(() => LocalDevelopmentAgreement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id', foreignKeyConstraintName: 'FK_obstacle_agreement' })
  agreement?: LocalDevelopmentAgreement;
}
