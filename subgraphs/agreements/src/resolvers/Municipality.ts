import type { MunicipalityResolvers } from '../generated/resolvers-types';

export const Municipality = {
  __resolveReference: ({ code }) => ({ code }),
  agreements: ({ code }, _, { loaders }) => loaders.agreementsByMunicipality.load(code),
} satisfies MunicipalityResolvers;
