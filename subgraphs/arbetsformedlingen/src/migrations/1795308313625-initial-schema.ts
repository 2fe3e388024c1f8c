import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795308313625 implements MigrationInterface {
  name = 'InitialSchema1795308313625';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "authority" ("id" character varying(64) NOT NULL, "name" character varying(200) NOT NULL, "short_name" character varying(100) NOT NULL, "website" character varying(200) NOT NULL, "established_on" date NOT NULL, CONSTRAINT "PK_b0f9bb35ff132fc6bd92d0582ce" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "employment_office" ("id" character varying(64) NOT NULL, "name" character varying(200) NOT NULL, "municipality_code" character varying(4) NOT NULL, "synthetic" boolean NOT NULL, CONSTRAINT "PK_3c5f7533bc5285de361bd2a87fb" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_employment_office_municipality_code" ON "employment_office"  ("municipality_code") `);
    await queryRunner.query(`CREATE TABLE "unemployment_statistic" ("area_kind" character varying(16) NOT NULL, "area_id" character varying(64) NOT NULL, "year" integer NOT NULL, "value" double precision NOT NULL, "base_count" integer NOT NULL, "source_name" character varying(200) NOT NULL, "synthetic" boolean NOT NULL, CONSTRAINT "PK_b5bb77354f65c97a495fa901189" PRIMARY KEY ("area_kind", "area_id", "year"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "unemployment_statistic"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_employment_office_municipality_code"`);
    await queryRunner.query(`DROP TABLE "employment_office"`);
    await queryRunner.query(`DROP TABLE "authority"`);
  }
}
