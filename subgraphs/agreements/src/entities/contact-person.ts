import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { LocalDevelopmentAgreement } from './local-development-agreement';
import type { PartnerType } from './partnership';

/** A partner's contact person for an agreement. Personal data: every one in the seed is fictional. */
@Entity({ name: 'contact_person' })
export class ContactPerson {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  id!: string;

  @Index('IDX_contact_person_agreement_id')
  @Column({ name: 'agreement_id', type: 'varchar', length: 64 })
  agreementId!: string;

  @Column({ name: 'partner_type', type: 'varchar', length: 32 })
  partnerType!: PartnerType;

  @Column({ name: 'partner_id', type: 'varchar', length: 64 })
  partnerId!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'varchar', length: 200 })
  email!: string;

  @ManyToOne(() => LocalDevelopmentAgreement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id', foreignKeyConstraintName: 'FK_contact_person_agreement' })
  agreement?: LocalDevelopmentAgreement;
}
