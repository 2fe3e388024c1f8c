import { referenced } from '@samverkan/common';
import type { PartnerBudgetResolvers } from '../generated/resolvers-types';
import { resolvePartner } from './Partner';

export const PartnerBudget = {
  agreement: (b, _, { loaders }) => referenced(loaders.agreementById.load(b.agreementId), `Agreement ${b.agreementId}`),
  partner: (b, _, context) => resolvePartner(b, context),
} satisfies PartnerBudgetResolvers;
