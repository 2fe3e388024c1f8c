import { referenced } from '@samverkan/common';
import type { LocalDevelopmentAgreementResolvers } from '../generated/resolvers-types';

export const LocalDevelopmentAgreement = {
  __resolveReference: ({ id }, { loaders }) => loaders.agreementById.load(id),
  municipality: (a) => ({ code: a.municipalityCode }),
  period: (a) => ({ start: a.periodStart, end: a.periodEnd }),
  decision: (a, _, { loaders }) =>
    referenced(loaders.decisionById.load(a.decisionId), `Government decision ${a.decisionId} of agreement ${a.id}`),
  partners: (a, _, { loaders }) => loaders.partnershipsByAgreement.load(a.id),
  commitments: (a, _, { loaders }) => loaders.commitmentsByAgreement.load(a.id),
  followUps: (a, _, { loaders }) => loaders.followUpsByAgreement.load(a.id),
  obstacles: (a, _, { loaders }) => loaders.obstaclesByAgreement.load(a.id),
  contactPeople: (a, _, { loaders }) => loaders.contactsByAgreement.load(a.id),
  predecessor: async (a, _, { loaders }) => {
    const renewal = await loaders.renewalBySuccessor.load(a.id);
    return renewal && loaders.agreementById.load(renewal.predecessorId);
  },
  successor: async (a, _, { loaders }) => {
    const renewal = await loaders.renewalByPredecessor.load(a.id);
    return renewal && loaders.agreementById.load(renewal.successorId);
  },
  history: (a, _, { loaders }) => loaders.historyByAgreement.load(a.id),
  districts: async (a, _, { loaders }) =>
    (await loaders.districtIdsByAgreement.load(a.id)).map((d) => ({ id: d.districtId })),
} satisfies LocalDevelopmentAgreementResolvers;
