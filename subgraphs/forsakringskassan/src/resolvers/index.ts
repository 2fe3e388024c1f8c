import type { AuthorityResolvers, Resolvers } from '../generated/resolvers-types';
import { Forsakringskassan } from './Forsakringskassan';
import { ServiceOffice } from './ServiceOffice';
import { Municipality } from './Municipality';
import { Query } from './Query';
import { UrbanDistrict } from './UrbanDistrict';

// Only Försäkringskassan implements `Authority` in this subgraph.
const Authority = { __resolveType: () => 'Forsakringskassan' } satisfies AuthorityResolvers;

export const resolvers = {
  Query,
  Authority,
  Forsakringskassan,
  ServiceOffice,
  Municipality,
  UrbanDistrict,
} satisfies Resolvers;
