import type { Resolvers } from '../generated/resolvers-types';
import { Arbetsformedlingen, Authority, Forsakringskassan, PoliceAuthority } from './Authority';
import { DueReport } from './DueReport';
import { FollowUpReport } from './FollowUpReport';
import { GovernmentDecision } from './GovernmentDecision';
import { LocalDevelopmentAgreement } from './LocalDevelopmentAgreement';
import { Municipality } from './Municipality';
import { Mutation } from './Mutation';
import { Organisation } from './Organisation';
import { ChangeRecord } from './ChangeRecord';
import { CoFinancingShare } from './CoFinancingShare';
import { Commitment } from './Commitment';
import { ContactPerson } from './ContactPerson';
import { Obstacle } from './Obstacle';
import { Partner } from './Partner';
import { PartnerBudget } from './PartnerBudget';
import { Partnership } from './Partnership';
import { Query } from './Query';
import { Resolution } from './Resolution';
import { UrbanDistrict } from './UrbanDistrict';
import { Viewer } from './Viewer';

export const resolvers = {
  Query,
  Mutation,
  LocalDevelopmentAgreement,
  GovernmentDecision,
  Partnership,
  Partner,
  Commitment,
  CoFinancingShare,
  Obstacle,
  Resolution,
  ContactPerson,
  Organisation,
  Authority,
  PoliceAuthority,
  Arbetsformedlingen,
  Forsakringskassan,
  Municipality,
  UrbanDistrict,
  Viewer,
  ChangeRecord,
  FollowUpReport,
  DueReport,
  PartnerBudget,
} satisfies Resolvers;
