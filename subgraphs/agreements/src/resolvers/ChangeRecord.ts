import type { ChangeRecordResolvers } from '../generated/resolvers-types';

export const ChangeRecord = {
  at: (c) => c.at.toISOString(),
} satisfies ChangeRecordResolvers;
