import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MunicipalityLocations1795440612352 implements MigrationInterface {
  name = 'MunicipalityLocations1795440612352';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "municipality_location" ("municipality_code" character varying(4) NOT NULL, "county_code" character varying(2) NOT NULL, "police_region_code" character varying(4) NOT NULL, CONSTRAINT "PK_66fc6b035872925c79aea92704b" PRIMARY KEY ("municipality_code"))`);
    await queryRunner.query(`CREATE INDEX "IDX_municipality_location_county" ON "municipality_location"  ("county_code") `);
    await queryRunner.query(`CREATE INDEX "IDX_municipality_location_police_region" ON "municipality_location"  ("police_region_code") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_municipality_location_police_region"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_municipality_location_county"`);
    await queryRunner.query(`DROP TABLE "municipality_location"`);
  }
}
