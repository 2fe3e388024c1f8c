import type { GraphQLFormattedError } from 'graphql';

/**
 * An entity fetch's representations without repeats: 21 agreements naming
 * the same police authority ask the subgraph for it once, and each of the 21
 * places gets that one answer back.
 */
export interface DistinctRepresentations {
  distinct: unknown[];
  /** For each representation the gateway asked for, its place among the distinct ones. */
  placeOf: number[];
}

/** Undefined when nothing repeats, so the common case costs no remapping. */
export function distinctRepresentations(representations: readonly unknown[]): DistinctRepresentations | undefined {
  const seen = new Map<string, number>();
  const distinct: unknown[] = [];
  const placeOf = representations.map((representation) => {
    // The gateway builds each type's representations with the same key order, so equal ones print equal.
    const key = JSON.stringify(representation);
    let place = seen.get(key);
    if (place === undefined) {
      place = distinct.push(representation) - 1;
      seen.set(key, place);
    }
    return place;
  });
  return distinct.length < representations.length ? { distinct, placeOf } : undefined;
}

/**
 * The subgraph's `_entities` answer for the distinct representations spread
 * back over every representation asked for; an error on a distinct entity
 * becomes an error on each place it fills.
 */
export function spreadEntities(
  { placeOf }: DistinctRepresentations,
  entities: readonly unknown[],
  errors: readonly GraphQLFormattedError[] | undefined,
): { entities: unknown[]; errors?: GraphQLFormattedError[] } {
  const spread = placeOf.map((place) => entities[place]);
  if (!errors?.length) return { entities: spread };
  const placesOf = new Map<number, number[]>();
  placeOf.forEach((place, index) => placesOf.set(place, [...(placesOf.get(place) ?? []), index]));
  const spreadErrors = errors.flatMap((error) => {
    const [head, place, ...rest] = error.path ?? [];
    if (head !== '_entities' || typeof place !== 'number') return [error];
    return (placesOf.get(place) ?? []).map((index) => ({ ...error, path: ['_entities', index, ...rest] }));
  });
  return { entities: spread, errors: spreadErrors };
}
