import type { ObstacleResolvers } from '../generated/resolvers-types';
import { resolvePartner } from './Partner';

export const Obstacle = {
  reportedBy: (o, _, context) => resolvePartner(o, context),
} satisfies ObstacleResolvers;
