import DataLoader from 'dataloader';

/**
 * A loader for lookups by unique key: one batch function call (one SQL
 * statement) for all keys of a request, results in key order, `null` where
 * nothing matches.
 */
export function uniqueLoader<K, V>(
  fetch: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (value: V) => K,
): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(async (keys) => {
    const byKey = new Map((await fetch(keys)).map((value) => [keyOf(value), value]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/**
 * A loader for one-to-many relations: all children of all keys in one batch,
 * an empty list where a key has none.
 */
export function groupedLoader<K, V>(
  fetch: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (value: V) => K,
): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(async (keys) => {
    const groups = new Map<K, V[]>();
    for (const value of await fetch(keys)) {
      const key = keyOf(value);
      const group = groups.get(key);
      if (group) group.push(value);
      else groups.set(key, [value]);
    }
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/**
 * A loader for a whole small list, such as every region of the authority:
 * fetched once per request however many parents ask for it.
 */
export function listLoader<V>(fetch: () => Promise<V[]>): { load(): Promise<V[]> } {
  let list: Promise<V[]> | undefined;
  return {
    load: () => (list ??= fetch()),
  };
}
