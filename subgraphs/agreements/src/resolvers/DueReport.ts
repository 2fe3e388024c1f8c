import { referenced } from '@samverkan/common';
import type { DueReportResolvers } from '../generated/resolvers-types';
import { reportDueOn } from '../writes/follow-ups';

export const DueReport = {
  agreement: (r, _, { loaders }) => referenced(loaders.agreementById.load(r.agreementId), `Agreement ${r.agreementId}`),
  dueOn: (r) => reportDueOn(r.year),
  overdue: (r) => r.asOf > reportDueOn(r.year),
} satisfies DueReportResolvers;
