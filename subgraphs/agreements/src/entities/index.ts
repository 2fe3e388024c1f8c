import { AgreementDistrict } from './agreement-district';
import { AgreementRenewal } from './agreement-renewal';
import { ChangeRecord } from './change-record';
import { CoFinancingShare } from './co-financing-share';
import { Commitment } from './commitment';
import { CommitmentDistrict } from './commitment-district';
import { ContactPerson } from './contact-person';
import { FollowUpReport } from './follow-up-report';
import { GovernmentDecision } from './government-decision';
import { IdempotencyKey } from './idempotency-key';
import { LocalDevelopmentAgreement } from './local-development-agreement';
import { MunicipalityLocation } from './municipality-location';
import { Obstacle } from './obstacle';
import { ObstacleParty } from './obstacle-party';
import { Organisation } from './organisation';
import { Partnership } from './partnership';
import { Resolution } from './resolution';
import { ResolutionShare } from './resolution-share';

export {
  AgreementDistrict,
  AgreementRenewal,
  ChangeRecord,
  CoFinancingShare,
  Commitment,
  CommitmentDistrict,
  ContactPerson,
  FollowUpReport,
  GovernmentDecision,
  IdempotencyKey,
  LocalDevelopmentAgreement,
  MunicipalityLocation,
  Obstacle,
  ObstacleParty,
  Organisation,
  Partnership,
  Resolution,
  ResolutionShare,
};
export type { FocusArea } from './local-development-agreement';
export type { AssessmentRating, FocusAreaAssessment, FollowUpStatus, IndicatorSnapshot } from './follow-up-report';
export type { CommitmentStatus } from './commitment';
export type { ObstacleKind, ObstacleStatus } from './obstacle';
export { authorityPartnerTypes, authorityTypeById, type PartnerRole, type PartnerType } from './partnership';
export const entities = [
  GovernmentDecision,
  LocalDevelopmentAgreement,
  AgreementDistrict,
  Organisation,
  Partnership,
  Commitment,
  FollowUpReport,
  Obstacle,
  ContactPerson,
  MunicipalityLocation,
  AgreementRenewal,
  ChangeRecord,
  IdempotencyKey,
  CommitmentDistrict,
  CoFinancingShare,
  ObstacleParty,
  Resolution,
  ResolutionShare,
];
