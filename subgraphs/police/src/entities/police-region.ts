import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'police_region' })
export class PoliceRegion {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  code!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;
}
