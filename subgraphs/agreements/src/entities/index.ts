import { AgreementDistrict } from './agreement-district';
import { GovernmentDecision } from './government-decision';
import { LocalDevelopmentAgreement } from './local-development-agreement';
import { Organisation } from './organisation';
import { Partnership } from './partnership';

export { AgreementDistrict, GovernmentDecision, LocalDevelopmentAgreement, Organisation, Partnership };
export type { FocusArea } from './local-development-agreement';
export { authorityPartnerTypes, type PartnerRole, type PartnerType } from './partnership';
export const entities = [GovernmentDecision, LocalDevelopmentAgreement, AgreementDistrict, Organisation, Partnership];
