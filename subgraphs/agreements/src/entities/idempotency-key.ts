import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A create mutation's idempotency key, per caller: a retry with the same key
 * and the same input gets the record the first call created; the same key
 * with other input is refused.
 */
@Entity({ name: 'idempotency_key' })
export class IdempotencyKey {
  /** The token's subject and organisation: one caller's keys never collide with another's. */
  @PrimaryColumn({ type: 'varchar', length: 270 })
  caller!: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  key!: string;

  @Column({ type: 'varchar', length: 64 })
  operation!: string;

  /** SHA-256 of the mutation's input, to tell a retry from a reuse of the key. */
  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash!: string;

  /** The id of what the first call created. */
  @Column({ name: 'result_id', type: 'varchar', length: 200 })
  resultId!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
