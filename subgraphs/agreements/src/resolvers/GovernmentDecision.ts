import type { AgreementsContext } from '../context';

export const GovernmentDecision = {
  __resolveReference: ({ id }: { id: string }, { loaders }: AgreementsContext) => loaders.decisionById.load(id),
};
