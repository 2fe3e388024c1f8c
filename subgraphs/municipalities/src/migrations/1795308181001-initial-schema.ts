import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795308181001 implements MigrationInterface {
  name = 'InitialSchema1795308181001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "county" ("code" character varying(2) NOT NULL, "name" character varying(100) NOT NULL, "short_name" character varying(100) NOT NULL, CONSTRAINT "PK_7173be2c5b2ff6434042412edd1" PRIMARY KEY ("code"))`);
    await queryRunner.query(`CREATE TABLE "municipality" ("code" character varying(4) NOT NULL, "name" character varying(100) NOT NULL, "county_code" character varying(2) NOT NULL, CONSTRAINT "PK_f01eb47e7b81481ca5a146a786d" PRIMARY KEY ("code"))`);
    await queryRunner.query(`CREATE INDEX "IDX_municipality_county_code" ON "municipality"  ("county_code") `);
    await queryRunner.query(`CREATE TABLE "population_statistic" ("area_kind" character varying(16) NOT NULL, "area_id" character varying(64) NOT NULL, "year" integer NOT NULL, "value" double precision NOT NULL, "base_count" integer NOT NULL, "source_name" character varying(200) NOT NULL, "synthetic" boolean NOT NULL, CONSTRAINT "PK_02a587f719277b9cf4074182f22" PRIMARY KEY ("area_kind", "area_id", "year"))`);
    await queryRunner.query(`CREATE TABLE "urban_district" ("id" character varying(64) NOT NULL, "municipality_code" character varying(4) NOT NULL, "name" character varying(100) NOT NULL, "confidence" character varying(16) NOT NULL, "confidence_note" character varying(300) NOT NULL, CONSTRAINT "PK_79de261b82cd62bfe629dbb5b5a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_urban_district_municipality_code" ON "urban_district"  ("municipality_code") `);
    await queryRunner.query(`ALTER TABLE "municipality" ADD CONSTRAINT "FK_municipality_county" FOREIGN KEY ("county_code") REFERENCES "county"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "urban_district" ADD CONSTRAINT "FK_urban_district_municipality" FOREIGN KEY ("municipality_code") REFERENCES "municipality"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "urban_district" DROP CONSTRAINT "FK_urban_district_municipality"`);
    await queryRunner.query(`ALTER TABLE "municipality" DROP CONSTRAINT "FK_municipality_county"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_urban_district_municipality_code"`);
    await queryRunner.query(`DROP TABLE "urban_district"`);
    await queryRunner.query(`DROP TABLE "population_statistic"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_municipality_county_code"`);
    await queryRunner.query(`DROP TABLE "municipality"`);
    await queryRunner.query(`DROP TABLE "county"`);
  }
}
