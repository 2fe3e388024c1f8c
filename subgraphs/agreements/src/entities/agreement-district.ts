import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { LocalDevelopmentAgreement } from './local-development-agreement';

/** An urban district an agreement covers; the district itself lives in the municipalities subgraph. */
@Entity({ name: 'agreement_district' })
export class AgreementDistrict {
  @PrimaryColumn({ name: 'agreement_id', type: 'varchar', length: 64 })
  agreementId!: string;

  @Index('IDX_agreement_district_district_id')
  @PrimaryColumn({ name: 'district_id', type: 'varchar', length: 64 })
  districtId!: string;

  @ManyToOne(() => LocalDevelopmentAgreement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id', foreignKeyConstraintName: 'FK_agreement_district_agreement' })
  agreement?: LocalDevelopmentAgreement;
}
