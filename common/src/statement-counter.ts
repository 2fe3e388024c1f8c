import type { Logger as TypeOrmLogger, QueryRunner } from 'typeorm';
import type { Logger } from './logger';

/**
 * Counts every SQL statement a data source sends. The N+1 test reads it to
 * prove that one gateway request costs one statement per entity type, not one
 * per row; it is cheap enough to stay on in production, where it also routes
 * TypeORM's own errors into the structured log.
 */
export class StatementCounter implements TypeOrmLogger {
  private count = 0;
  private recent: string[] = [];

  constructor(
    private readonly logger: Logger,
    /** How many statements to remember for `statements()`; tests print them on failure. */
    private readonly keep = 200,
  ) {}

  get total(): number {
    return this.count;
  }

  /** The most recent statements, oldest first. */
  statements(): readonly string[] {
    return this.recent;
  }

  reset(): void {
    this.count = 0;
    this.recent = [];
  }

  logQuery(query: string, _parameters?: unknown[], _queryRunner?: QueryRunner): void {
    this.count += 1;
    this.recent.push(query);
    if (this.recent.length > this.keep) this.recent.shift();
  }

  logQueryError(error: string | Error, query: string): void {
    this.logger.error('SQL statement failed', { error: String(error), query });
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn('slow SQL statement', { milliseconds: time, query });
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.info(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.debug(String(message));
  }
}
