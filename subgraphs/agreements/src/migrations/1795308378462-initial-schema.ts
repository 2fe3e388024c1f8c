import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795308378462 implements MigrationInterface {
  name = 'InitialSchema1795308378462';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "government_decision" ("id" character varying(64) NOT NULL, "reference" character varying(64) NOT NULL, "related_references" character varying(64) array NOT NULL, "decided_on" date NOT NULL, "title" character varying(300) NOT NULL, "ministry" character varying(200) NOT NULL, "ordinance" character varying(64) NOT NULL, CONSTRAINT "PK_2d0520305542b28fc1e4b888094" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "local_development_agreement" ("id" character varying(64) NOT NULL, "title" character varying(300) NOT NULL, "municipality_code" character varying(4) NOT NULL, "decision_id" character varying(64) NOT NULL, "period_start" date NOT NULL, "period_end" date NOT NULL, "focus_areas" character varying(16) array NOT NULL, "continued_in_urban15" boolean NOT NULL, CONSTRAINT "PK_c95186518c2cc791644baac0d23" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_agreement_municipality_code" ON "local_development_agreement"  ("municipality_code") `);
    await queryRunner.query(`CREATE TABLE "agreement_district" ("agreement_id" character varying(64) NOT NULL, "district_id" character varying(64) NOT NULL, CONSTRAINT "PK_0fbdb65495a56e5fd17fef00bba" PRIMARY KEY ("agreement_id", "district_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_agreement_district_district_id" ON "agreement_district"  ("district_id") `);
    await queryRunner.query(`CREATE TABLE "organisation" ("id" character varying(64) NOT NULL, "name" character varying(200) NOT NULL, "illustrative" boolean NOT NULL, CONSTRAINT "PK_c725ae234ef1b74cce43d2d00c1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "partnership" ("agreement_id" character varying(64) NOT NULL, "partner_type" character varying(32) NOT NULL, "partner_id" character varying(64) NOT NULL, "role" character varying(32) NOT NULL, "represented_by" character varying(200), "position" integer NOT NULL, CONSTRAINT "PK_8d8112806781df865022782cac3" PRIMARY KEY ("agreement_id", "partner_type", "partner_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_partnership_partner" ON "partnership"  ("partner_type", "partner_id") `);
    await queryRunner.query(`ALTER TABLE "local_development_agreement" ADD CONSTRAINT "FK_agreement_decision" FOREIGN KEY ("decision_id") REFERENCES "government_decision"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "agreement_district" ADD CONSTRAINT "FK_agreement_district_agreement" FOREIGN KEY ("agreement_id") REFERENCES "local_development_agreement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "partnership" ADD CONSTRAINT "FK_partnership_agreement" FOREIGN KEY ("agreement_id") REFERENCES "local_development_agreement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "partnership" DROP CONSTRAINT "FK_partnership_agreement"`);
    await queryRunner.query(`ALTER TABLE "agreement_district" DROP CONSTRAINT "FK_agreement_district_agreement"`);
    await queryRunner.query(`ALTER TABLE "local_development_agreement" DROP CONSTRAINT "FK_agreement_decision"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_partnership_partner"`);
    await queryRunner.query(`DROP TABLE "partnership"`);
    await queryRunner.query(`DROP TABLE "organisation"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_agreement_district_district_id"`);
    await queryRunner.query(`DROP TABLE "agreement_district"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_agreement_municipality_code"`);
    await queryRunner.query(`DROP TABLE "local_development_agreement"`);
    await queryRunner.query(`DROP TABLE "government_decision"`);
  }
}
