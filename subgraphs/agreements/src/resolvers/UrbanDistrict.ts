import type { UrbanDistrictResolvers } from '../generated/resolvers-types';

export const UrbanDistrict = {
  __resolveReference: ({ id }) => ({ id }),
  agreements: async ({ id }, _, { loaders }) =>
    (await loaders.agreementsByDistrict.load(id)).map((pair) => pair.agreement),
} satisfies UrbanDistrictResolvers;
