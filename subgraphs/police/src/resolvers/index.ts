import type { AuthorityResolvers, Resolvers } from '../generated/resolvers-types';
import { County } from './County';
import { Municipality } from './Municipality';
import { PoliceAuthority } from './PoliceAuthority';
import { PoliceRegion } from './PoliceRegion';
import { Query } from './Query';
import { UrbanDistrict } from './UrbanDistrict';
import { VulnerableArea } from './VulnerableArea';

// Only the Police implement `Authority` in this subgraph.
const Authority = { __resolveType: () => 'PoliceAuthority' } satisfies AuthorityResolvers;

export const resolvers = {
  Query,
  Authority,
  PoliceAuthority,
  PoliceRegion,
  County,
  Municipality,
  UrbanDistrict,
  VulnerableArea,
} satisfies Resolvers;
