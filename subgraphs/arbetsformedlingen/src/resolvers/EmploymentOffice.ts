import type { EmploymentOfficeResolvers } from '../generated/resolvers-types';

export const EmploymentOffice = {
  __resolveReference: ({ id }, { loaders }) => loaders.officeById.load(id),
  municipality: (office) => ({ code: office.municipalityCode }),
} satisfies EmploymentOfficeResolvers;
