import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795308316609 implements MigrationInterface {
  name = 'InitialSchema1795308316609';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "authority" ("id" character varying(64) NOT NULL, "name" character varying(200) NOT NULL, "short_name" character varying(100) NOT NULL, "website" character varying(200) NOT NULL, "established_on" date NOT NULL, CONSTRAINT "PK_b0f9bb35ff132fc6bd92d0582ce" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "service_office" ("id" character varying(64) NOT NULL, "name" character varying(200) NOT NULL, "municipality_code" character varying(4) NOT NULL, "synthetic" boolean NOT NULL, CONSTRAINT "PK_1806d4f544a928789bf04014478" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_service_office_municipality_code" ON "service_office"  ("municipality_code") `);
    await queryRunner.query(`CREATE TABLE "sickness_statistic" ("area_kind" character varying(16) NOT NULL, "area_id" character varying(64) NOT NULL, "year" integer NOT NULL, "value" double precision NOT NULL, "base_count" integer NOT NULL, "source_name" character varying(200) NOT NULL, "synthetic" boolean NOT NULL, CONSTRAINT "PK_fb3723ddff2730060e4855e6e93" PRIMARY KEY ("area_kind", "area_id", "year"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "sickness_statistic"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_service_office_municipality_code"`);
    await queryRunner.query(`DROP TABLE "service_office"`);
    await queryRunner.query(`DROP TABLE "authority"`);
  }
}
