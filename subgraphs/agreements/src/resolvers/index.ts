import type { Resolvers } from '../generated/resolvers-types';
import { Arbetsformedlingen, Authority, Forsakringskassan, PoliceAuthority } from './Authority';
import { GovernmentDecision } from './GovernmentDecision';
import { LocalDevelopmentAgreement } from './LocalDevelopmentAgreement';
import { Municipality } from './Municipality';
import { Organisation } from './Organisation';
import { Commitment } from './Commitment';
import { ContactPerson } from './ContactPerson';
import { Obstacle } from './Obstacle';
import { Partner } from './Partner';
import { Partnership } from './Partnership';
import { Query } from './Query';
import { UrbanDistrict } from './UrbanDistrict';
import { Viewer } from './Viewer';

export const resolvers = {
  Query,
  LocalDevelopmentAgreement,
  GovernmentDecision,
  Partnership,
  Partner,
  Commitment,
  Obstacle,
  ContactPerson,
  Organisation,
  Authority,
  PoliceAuthority,
  Arbetsformedlingen,
  Forsakringskassan,
  Municipality,
  UrbanDistrict,
  Viewer,
} satisfies Resolvers;
