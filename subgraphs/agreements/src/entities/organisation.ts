import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A partner that is neither a municipality nor a state authority. */
@Entity({ name: 'organisation' })
export class Organisation {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'boolean' })
  illustrative!: boolean;
}
