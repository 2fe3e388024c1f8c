import type { CommitmentResolvers } from '../generated/resolvers-types';
import { resolvePartner } from './Partner';

export const Commitment = {
  partner: (c, _, context) => resolvePartner(c, context),
} satisfies CommitmentResolvers;
