import type { Resolvers } from '../generated/resolvers-types';
import { County } from './County';
import { Municipality } from './Municipality';
import { Query } from './Query';
import { UrbanDistrict } from './UrbanDistrict';

export const resolvers = { Query, Municipality, County, UrbanDistrict } satisfies Resolvers;
