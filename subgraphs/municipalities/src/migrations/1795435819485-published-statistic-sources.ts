import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PublishedStatisticSources1795435819485 implements MigrationInterface {
  name = 'PublishedStatisticSources1795435819485';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The all-synthetic figures seeded before give way to published figures and figures modelled on them:
    // emptied here, the table is refilled by its seed step on the next start.
    await queryRunner.query(`DELETE FROM "population_statistic"`);
    await queryRunner.query(`ALTER TABLE "population_statistic" ADD "source_publisher" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "population_statistic" ADD "source_table" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "population_statistic" ADD "source_licence" character varying(300)`);
    await queryRunner.query(`ALTER TABLE "population_statistic" ADD "source_url" character varying(300)`);
    await queryRunner.query(`ALTER TABLE "population_statistic" ALTER COLUMN "base_count" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "population_statistic" ALTER COLUMN "source_name" TYPE character varying(300)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "population_statistic"`);
    await queryRunner.query(`ALTER TABLE "population_statistic" ALTER COLUMN "source_name" TYPE character varying(200)`);
    await queryRunner.query(`ALTER TABLE "population_statistic" ALTER COLUMN "base_count" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "population_statistic" DROP COLUMN "source_url"`);
    await queryRunner.query(`ALTER TABLE "population_statistic" DROP COLUMN "source_licence"`);
    await queryRunner.query(`ALTER TABLE "population_statistic" DROP COLUMN "source_table"`);
    await queryRunner.query(`ALTER TABLE "population_statistic" DROP COLUMN "source_publisher"`);
  }
}
