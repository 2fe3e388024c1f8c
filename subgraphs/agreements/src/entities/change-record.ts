import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One change to an agreement or what belongs to it, as the history partners
 * and coordinators read: who (the token's subject and organisation), when,
 * which mutation, and the record before and after. Never updated.
 */
@Entity({ name: 'change_record' })
@Index('IDX_change_record_agreement_at', ['agreementId', 'at'])
export class ChangeRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'agreement_id', type: 'varchar', length: 64 })
  agreementId!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'varchar', length: 200 })
  who!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  organisation!: string | null;

  /** The mutation, e.g. `addPartner`. */
  @Column({ type: 'varchar', length: 64 })
  operation!: string;

  /** The GraphQL type of the changed record, e.g. `Partnership`. */
  @Column({ type: 'varchar', length: 64 })
  entity!: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 200 })
  entityId!: string;

  /** Null for a record the change created. */
  @Column({ type: 'jsonb', nullable: true })
  before!: Record<string, unknown> | null;

  /** Null for a record the change removed. */
  @Column({ type: 'jsonb', nullable: true })
  after!: Record<string, unknown> | null;
}
