import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { LocalDevelopmentAgreement } from './local-development-agreement';

/** The GraphQL type of the partner; together with `partnerId` it is the partner's entity key. */
export type PartnerType =
  'Municipality' | 'PoliceAuthority' | 'Arbetsformedlingen' | 'Forsakringskassan' | 'Organisation';

export const authorityPartnerTypes: readonly PartnerType[] = [
  'PoliceAuthority',
  'Arbetsformedlingen',
  'Forsakringskassan',
];

/** The partner type of each authority, by the id the supergraph gives it. */
export const authorityTypeById: Readonly<Record<string, PartnerType>> = {
  polisen: 'PoliceAuthority',
  arbetsformedlingen: 'Arbetsformedlingen',
  forsakringskassan: 'Forsakringskassan',
};

export type PartnerRole =
  'MUNICIPALITY' | 'STATE_AUTHORITY' | 'HOUSING_COMPANY' | 'COUNTY_COUNCIL' | 'CIVIL_SOCIETY' | 'BUSINESS';

@Entity({ name: 'partnership' })
@Index('IDX_partnership_partner', ['partnerType', 'partnerId'])
export class Partnership {
  @PrimaryColumn({ name: 'agreement_id', type: 'varchar', length: 64 })
  agreementId!: string;

  @PrimaryColumn({ name: 'partner_type', type: 'varchar', length: 32 })
  partnerType!: PartnerType;

  /** A municipality code, an authority id or an organisation id. */
  @PrimaryColumn({ name: 'partner_id', type: 'varchar', length: 64 })
  partnerId!: string;

  @Column({ type: 'varchar', length: 32 })
  role!: PartnerRole;

  @Column({ name: 'represented_by', type: 'varchar', length: 200, nullable: true })
  representedBy!: string | null;

  /** Order in which partners are listed: the municipality first. */
  @Column({ type: 'integer' })
  position!: number;

  @ManyToOne(() => LocalDevelopmentAgreement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id', foreignKeyConstraintName: 'FK_partnership_agreement' })
  agreement?: LocalDevelopmentAgreement;
}
