import type { CoFinancingShare, Resolution } from './entities';

/**
 * What resolvers hand down as the parent of a GraphQL type where that is not
 * just an entity (codegen.ts maps the types to these): the row, and what its
 * fields need from the row above it.
 */

/** A commitment's or a resolution's share, with the amount it is a share of and the agreement, for its partner. */
export type ShareModel = Pick<CoFinancingShare, 'partnerType' | 'partnerId' | 'basisPoints'> & {
  agreementId: string;
  /** The commitment's budget or the resolution's economic consequences; null while not agreed. */
  budgetSek: number | null;
};

/** A resolution, with its obstacle's agreement, for the partners of its shares. */
export type ResolutionModel = Resolution & { agreementId: string };
