import { Arbetsformedlingen, Authority, Forsakringskassan, PoliceAuthority } from './Authority';
import { GovernmentDecision } from './GovernmentDecision';
import { LocalDevelopmentAgreement } from './LocalDevelopmentAgreement';
import { Municipality } from './Municipality';
import { Organisation } from './Organisation';
import { Partner, Partnership } from './Partnership';
import { Query } from './Query';
import { UrbanDistrict } from './UrbanDistrict';
import { Viewer } from './Viewer';

export const resolvers = {
  Query,
  LocalDevelopmentAgreement,
  GovernmentDecision,
  Partnership,
  Partner,
  Organisation,
  Authority,
  PoliceAuthority,
  Arbetsformedlingen,
  Forsakringskassan,
  Municipality,
  UrbanDistrict,
  Viewer,
};
