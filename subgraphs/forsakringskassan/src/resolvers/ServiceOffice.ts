import type { ServiceOfficeResolvers } from '../generated/resolvers-types';

export const ServiceOffice = {
  __resolveReference: ({ id }, { loaders }) => loaders.officeById.load(id),
  municipality: (office) => ({ code: office.municipalityCode }),
} satisfies ServiceOfficeResolvers;
