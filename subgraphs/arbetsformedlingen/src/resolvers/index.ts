import type { AuthorityResolvers, Resolvers } from '../generated/resolvers-types';
import { Arbetsformedlingen } from './Arbetsformedlingen';
import { EmploymentOffice } from './EmploymentOffice';
import { Municipality } from './Municipality';
import { Query } from './Query';
import { UrbanDistrict } from './UrbanDistrict';

// Only Arbetsförmedlingen implements `Authority` in this subgraph.
const Authority = { __resolveType: () => 'Arbetsformedlingen' } satisfies AuthorityResolvers;

export const resolvers = {
  Query,
  Authority,
  Arbetsformedlingen,
  EmploymentOffice,
  Municipality,
  UrbanDistrict,
} satisfies Resolvers;
