import type { ChangeRecordResolvers } from '../generated/resolvers-types';

export const ChangeRecord = {
  at: (c) => c.at.toISOString(),
  agreement: (c, _, { loaders }) => loaders.agreementById.load(c.agreementId),
} satisfies ChangeRecordResolvers;
