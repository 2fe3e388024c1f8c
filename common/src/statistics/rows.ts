import { Column, PrimaryColumn } from 'typeorm';
import type { AreaKind } from '../synthetic';

/** The key of every per-area, per-year table: what `findByAreaAndYear` looks rows up by. */
export abstract class AreaYearKey {
  @PrimaryColumn({ name: 'area_kind', type: 'varchar', length: 16 })
  areaKind!: AreaKind;

  /** A municipality code or an urban district id. */
  @PrimaryColumn({ name: 'area_id', type: 'varchar', length: 64 })
  areaId!: string;

  @PrimaryColumn({ type: 'integer' })
  year!: number;
}

/**
 * The columns every per-area, per-year statistic table has. Each subgraph
 * owns its own table (`unemployment_statistic`, ...) extending this class.
 */
export abstract class AreaStatistic extends AreaYearKey {
  @Column({ type: 'double precision' })
  value!: number;

  /**
   * How many people, days or offences the figure rests on; decides
   * suppression. Null for a published figure: its publisher has already
   * decided what is safe to publish.
   */
  @Column({ name: 'base_count', type: 'integer', nullable: true })
  baseCount!: number | null;

  @Column({ name: 'source_name', type: 'varchar', length: 300 })
  sourceName!: string;

  /** Who produced the figure and through whom it came; null for a synthetic one. */
  @Column({ name: 'source_publisher', type: 'varchar', length: 200, nullable: true })
  sourcePublisher!: string | null;

  /** The publisher's table or indicator id (a Kolada KPI); null for a synthetic one. */
  @Column({ name: 'source_table', type: 'varchar', length: 64, nullable: true })
  sourceTable!: string | null;

  @Column({ name: 'source_licence', type: 'varchar', length: 300, nullable: true })
  sourceLicence!: string | null;

  @Column({ name: 'source_url', type: 'varchar', length: 300, nullable: true })
  sourceUrl!: string | null;

  @Column({ type: 'boolean' })
  synthetic!: boolean;
}

export interface StatisticKey {
  areaKind: AreaKind;
  areaId: string;
  year: number;
}

/** The cache key of a (area, year) pair. */
export function statisticKey(key: StatisticKey): string {
  return `${key.areaKind}:${key.areaId}:${key.year}`;
}
