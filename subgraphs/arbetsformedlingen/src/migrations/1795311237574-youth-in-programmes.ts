import type { MigrationInterface, QueryRunner } from 'typeorm';

export class YouthInProgrammes1795311237574 implements MigrationInterface {
  name = 'YouthInProgrammes1795311237574';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "youth_programme_statistic" ("area_kind" character varying(16) NOT NULL, "area_id" character varying(64) NOT NULL, "year" integer NOT NULL, "gender" character varying(1) NOT NULL, "count" integer NOT NULL, "source_name" character varying(200) NOT NULL, "synthetic" boolean NOT NULL, CONSTRAINT "PK_dc7e5c87aaadc081fc86ca3532f" PRIMARY KEY ("area_kind", "area_id", "year", "gender"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "youth_programme_statistic"`);
  }
}
