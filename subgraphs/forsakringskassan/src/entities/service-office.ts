import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ name: 'service_office' })
export class ServiceOffice {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Index('IDX_service_office_municipality_code')
  @Column({ name: 'municipality_code', type: 'varchar', length: 4 })
  municipalityCode!: string;

  @Column({ type: 'boolean' })
  synthetic!: boolean;
}
