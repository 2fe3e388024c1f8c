import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Obstacle } from './obstacle';

/** A proposal to resolve an obstacle, with its economic consequences and how they are financed. */
@Entity({ name: 'resolution' })
export class Resolution {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  id!: string;

  @Index('IDX_resolution_obstacle_id')
  @Column({ name: 'obstacle_id', type: 'varchar', length: 80 })
  obstacleId!: string;

  @Column({ type: 'varchar', length: 2000 })
  proposal!: string;

  /** Kronor a year or in all, as the proposal says: costs positive, savings negative. */
  @Column({ name: 'economic_consequences_sek', type: 'integer' })
  economicConsequencesSek!: number;

  /** How the consequences are financed, in words; the shares say who pays. */
  @Column({ type: 'varchar', length: 1000 })
  financing!: string;

  /** The proposer's organisation, and the token subject. */
  @Column({ name: 'proposed_by_organisation', type: 'varchar', length: 64 })
  proposedByOrganisation!: string;

  @Column({ name: 'proposed_by', type: 'varchar', length: 200 })
  proposedBy!: string;

  @Column({ name: 'proposed_at', type: 'timestamptz' })
  proposedAt!: Date;

  @ManyToOne(() => Obstacle, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'obstacle_id', foreignKeyConstraintName: 'FK_resolution_obstacle' })
  obstacle?: Obstacle;
}
