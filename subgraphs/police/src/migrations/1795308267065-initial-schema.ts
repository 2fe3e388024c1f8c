import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795308267065 implements MigrationInterface {
  name = 'InitialSchema1795308267065';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "police_region" ("code" character varying(8) NOT NULL, "name" character varying(100) NOT NULL, CONSTRAINT "PK_92c92f2691bc8a7d40eacdb124a" PRIMARY KEY ("code"))`);
    await queryRunner.query(`CREATE TABLE "county_police_region" ("county_code" character varying(2) NOT NULL, "region_code" character varying(8) NOT NULL, CONSTRAINT "PK_5ebdf2e75bafc73e67e58f912d1" PRIMARY KEY ("county_code"))`);
    await queryRunner.query(`CREATE INDEX "IDX_county_police_region_region_code" ON "county_police_region"  ("region_code") `);
    await queryRunner.query(`CREATE TABLE "municipality_police_region" ("municipality_code" character varying(4) NOT NULL, "county_code" character varying(2) NOT NULL, "region_code" character varying(8) NOT NULL, CONSTRAINT "PK_75ad22612f82770e10b99376d2e" PRIMARY KEY ("municipality_code"))`);
    await queryRunner.query(`CREATE INDEX "IDX_municipality_police_region_region_code" ON "municipality_police_region"  ("region_code") `);
    await queryRunner.query(`CREATE TABLE "authority" ("id" character varying(64) NOT NULL, "name" character varying(200) NOT NULL, "short_name" character varying(100) NOT NULL, "website" character varying(200) NOT NULL, "established_on" date NOT NULL, CONSTRAINT "PK_b0f9bb35ff132fc6bd92d0582ce" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "reported_crime_statistic" ("area_kind" character varying(16) NOT NULL, "area_id" character varying(64) NOT NULL, "year" integer NOT NULL, "value" double precision NOT NULL, "base_count" integer NOT NULL, "source_name" character varying(200) NOT NULL, "synthetic" boolean NOT NULL, CONSTRAINT "PK_c161da853675a874d60eb00d03b" PRIMARY KEY ("area_kind", "area_id", "year"))`);
    await queryRunner.query(`CREATE TABLE "vulnerable_area" ("id" character varying(100) NOT NULL, "municipality_code" character varying(4) NOT NULL, "name" character varying(200) NOT NULL, "category" character varying(32) NOT NULL, "list_year" integer NOT NULL, "local_police_area" character varying(100) NOT NULL, "police_area" character varying(100) NOT NULL, "region_code" character varying(8) NOT NULL, "boundary_valid_from" date NOT NULL, "district_id" character varying(64), CONSTRAINT "PK_8b8b4b492279245dc8ed2f3f714" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_vulnerable_area_municipality_code" ON "vulnerable_area"  ("municipality_code") `);
    await queryRunner.query(`CREATE INDEX "IDX_vulnerable_area_region_code" ON "vulnerable_area"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "IDX_vulnerable_area_district_id" ON "vulnerable_area"  ("district_id") `);
    await queryRunner.query(`ALTER TABLE "county_police_region" ADD CONSTRAINT "FK_county_police_region_region" FOREIGN KEY ("region_code") REFERENCES "police_region"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "municipality_police_region" ADD CONSTRAINT "FK_municipality_police_region_region" FOREIGN KEY ("region_code") REFERENCES "police_region"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "vulnerable_area" ADD CONSTRAINT "FK_vulnerable_area_region" FOREIGN KEY ("region_code") REFERENCES "police_region"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "vulnerable_area" DROP CONSTRAINT "FK_vulnerable_area_region"`);
    await queryRunner.query(`ALTER TABLE "municipality_police_region" DROP CONSTRAINT "FK_municipality_police_region_region"`);
    await queryRunner.query(`ALTER TABLE "county_police_region" DROP CONSTRAINT "FK_county_police_region_region"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_vulnerable_area_district_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_vulnerable_area_region_code"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_vulnerable_area_municipality_code"`);
    await queryRunner.query(`DROP TABLE "vulnerable_area"`);
    await queryRunner.query(`DROP TABLE "reported_crime_statistic"`);
    await queryRunner.query(`DROP TABLE "authority"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_municipality_police_region_region_code"`);
    await queryRunner.query(`DROP TABLE "municipality_police_region"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_county_police_region_region_code"`);
    await queryRunner.query(`DROP TABLE "county_police_region"`);
    await queryRunner.query(`DROP TABLE "police_region"`);
  }
}
