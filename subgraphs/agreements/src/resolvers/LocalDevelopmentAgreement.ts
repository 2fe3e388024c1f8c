import type { AgreementsContext } from '../context';
import type { LocalDevelopmentAgreement as AgreementRow } from '../entities';

export const LocalDevelopmentAgreement = {
  __resolveReference: ({ id }: { id: string }, { loaders }: AgreementsContext) => loaders.agreementById.load(id),
  municipality: (a: AgreementRow) => ({ code: a.municipalityCode }),
  period: (a: AgreementRow) => ({ start: a.periodStart, end: a.periodEnd }),
  decision: (a: AgreementRow, _: unknown, { loaders }: AgreementsContext) => loaders.decisionById.load(a.decisionId),
  partners: (a: AgreementRow, _: unknown, { loaders }: AgreementsContext) => loaders.partnershipsByAgreement.load(a.id),
  commitments: (a: AgreementRow, _: unknown, { loaders }: AgreementsContext) =>
    loaders.commitmentsByAgreement.load(a.id),
  followUps: (a: AgreementRow, _: unknown, { loaders }: AgreementsContext) => loaders.followUpsByAgreement.load(a.id),
  obstacles: (a: AgreementRow, _: unknown, { loaders }: AgreementsContext) => loaders.obstaclesByAgreement.load(a.id),
  contactPeople: (a: AgreementRow, _: unknown, { loaders }: AgreementsContext) =>
    loaders.contactsByAgreement.load(a.id),
  predecessor: async (a: AgreementRow, _: unknown, { loaders }: AgreementsContext) => {
    const renewal = await loaders.renewalBySuccessor.load(a.id);
    return renewal && loaders.agreementById.load(renewal.predecessorId);
  },
  successor: async (a: AgreementRow, _: unknown, { loaders }: AgreementsContext) => {
    const renewal = await loaders.renewalByPredecessor.load(a.id);
    return renewal && loaders.agreementById.load(renewal.successorId);
  },
  history: async (a: AgreementRow, _: unknown, { loaders }: AgreementsContext) =>
    (await loaders.historyByAgreement.load(a.id)).map((change) => ({ ...change, at: change.at.toISOString() })),
  districts: async (a: AgreementRow, _: unknown, { loaders }: AgreementsContext) =>
    (await loaders.districtIdsByAgreement.load(a.id)).map((d) => ({ id: d.districtId })),
};
