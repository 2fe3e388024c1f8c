import type { AgreementsContext } from '../context';

export const Organisation = {
  __resolveReference: ({ id }: { id: string }, { loaders }: AgreementsContext) => loaders.organisationById.load(id),
};
