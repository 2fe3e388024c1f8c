import type { ForsakringskassanContext } from '../context';
import type { ServiceOffice as ServiceOfficeRow } from '../entities';

export const ServiceOffice = {
  __resolveReference: ({ id }: { id: string }, { loaders }: ForsakringskassanContext) => loaders.officeById.load(id),
  municipality: (office: ServiceOfficeRow) => ({ code: office.municipalityCode }),
};
