import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { LocalDevelopmentAgreement } from './local-development-agreement';
import type { PartnerType } from './partnership';

export type ObstacleKind = 'OBSTACLE' | 'GOAL_CONFLICT';

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

  @Column({ name: 'partner_type', type: 'varchar', length: 32 })
  partnerType!: PartnerType;

  @Column({ name: 'partner_id', type: 'varchar', length: 64 })
  partnerId!: string;

  @ManyToOne(() => LocalDevelopmentAgreement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id', foreignKeyConstraintName: 'FK_obstacle_agreement' })
  agreement?: LocalDevelopmentAgreement;
}
