/**
 * Statistics as every statistics subgraph stores and serves them: the table
 * rows (rows.ts), the served shapes (values.ts), what may be disclosed
 * (disclosure.ts), the per-request loaders (loaders.ts), the rows a database
 * is seeded with (seed-rows.ts) and the year ranges series are asked for
 * (year-range.ts).
 */
export * from './disclosure';
export * from './loaders';
export * from './rows';
export * from './seed-rows';
export * from './values';
export * from './year-range';
