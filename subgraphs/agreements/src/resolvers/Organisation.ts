import type { OrganisationResolvers } from '../generated/resolvers-types';

export const Organisation = {
  __resolveReference: ({ id }, { loaders }) => loaders.organisationById.load(id),
} satisfies OrganisationResolvers;
