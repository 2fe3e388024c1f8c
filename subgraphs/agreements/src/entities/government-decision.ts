import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'government_decision' })
export class GovernmentDecision {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  reference!: string;

  @Column({ name: 'related_references', type: 'varchar', length: 64, array: true })
  relatedReferences!: string[];

  @Column({ name: 'decided_on', type: 'date' })
  decidedOn!: string;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ type: 'varchar', length: 200 })
  ministry!: string;

  @Column({ type: 'varchar', length: 64 })
  ordinance!: string;
}
