import type { ArbetsformedlingenContext } from '../context';
import type { EmploymentOffice as EmploymentOfficeRow } from '../entities';

export const EmploymentOffice = {
  __resolveReference: ({ id }: { id: string }, { loaders }: ArbetsformedlingenContext) => loaders.officeById.load(id),
  municipality: (office: EmploymentOfficeRow) => ({ code: office.municipalityCode }),
};
