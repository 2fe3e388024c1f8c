import type { GovernmentDecisionResolvers } from '../generated/resolvers-types';

export const GovernmentDecision = {
  __resolveReference: ({ id }, { loaders }) => loaders.decisionById.load(id),
} satisfies GovernmentDecisionResolvers;
