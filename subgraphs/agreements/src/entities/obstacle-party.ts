import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Obstacle } from './obstacle';
import type { PartnerType } from './partnership';

/** A partner an obstacle involves: whose rules or goals are at stake. */
@Entity({ name: 'obstacle_party' })
export class ObstacleParty {
  @PrimaryColumn({ name: 'obstacle_id', type: 'varchar', length: 80 })
  obstacleId!: string;

  @PrimaryColumn({ name: 'partner_type', type: 'varchar', length: 32 })
  partnerType!: PartnerType;

  @PrimaryColumn({ name: 'partner_id', type: 'varchar', length: 64 })
  partnerId!: string;

  @ManyToOne(() => Obstacle, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'obstacle_id', foreignKeyConstraintName: 'FK_obstacle_party_obstacle' })
  obstacle?: Obstacle;
}
