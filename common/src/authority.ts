import { Column, PrimaryColumn } from 'typeorm';

/**
 * The state authority a subgraph speaks for. Each authority subgraph keeps its
 * own one-row `authority` table extending this class, so its name and
 * website are data, not code.
 */
export abstract class AuthorityRecord {
  /** The authority's id in the supergraph: `polisen`, `arbetsformedlingen`, `forsakringskassan`. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'short_name', type: 'varchar', length: 100 })
  shortName!: string;

  @Column({ type: 'varchar', length: 200 })
  website!: string;

  /** The day the authority in its present form came into being. */
  @Column({ name: 'established_on', type: 'date' })
  establishedOn!: string;
}
