import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PartnerData1795310963800 implements MigrationInterface {
  name = 'PartnerData1795310963800';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "commitment" ("agreement_id" character varying(64) NOT NULL, "partner_type" character varying(32) NOT NULL, "partner_id" character varying(64) NOT NULL, "focus_area" character varying(16) NOT NULL, "description" character varying(1000) NOT NULL, "co_financing_sek" integer, CONSTRAINT "PK_abdf10acd728ec6b2fd82be37e7" PRIMARY KEY ("agreement_id", "partner_type", "partner_id", "focus_area"))`);
    await queryRunner.query(`CREATE INDEX "IDX_commitment_agreement_id" ON "commitment"  ("agreement_id") `);
    await queryRunner.query(`CREATE TABLE "contact_person" ("id" character varying(100) NOT NULL, "agreement_id" character varying(64) NOT NULL, "partner_type" character varying(32) NOT NULL, "partner_id" character varying(64) NOT NULL, "name" character varying(200) NOT NULL, "title" character varying(200) NOT NULL, "email" character varying(200) NOT NULL, CONSTRAINT "PK_12d9c34f76290c4e2ad2aa5e33f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_contact_person_agreement_id" ON "contact_person"  ("agreement_id") `);
    await queryRunner.query(`CREATE TABLE "follow_up_report" ("agreement_id" character varying(64) NOT NULL, "year" integer NOT NULL, "status" character varying(16) NOT NULL, "summary" character varying(2000) NOT NULL, "submitted_on" date, CONSTRAINT "PK_8bd236ecad736b6866a8f45c7bf" PRIMARY KEY ("agreement_id", "year"))`);
    await queryRunner.query(`CREATE TABLE "obstacle" ("id" character varying(80) NOT NULL, "agreement_id" character varying(64) NOT NULL, "kind" character varying(16) NOT NULL, "description" character varying(1000) NOT NULL, "partner_type" character varying(32) NOT NULL, "partner_id" character varying(64) NOT NULL, CONSTRAINT "PK_8a651754ae60814cbcc4bb60a76" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_obstacle_agreement_id" ON "obstacle"  ("agreement_id") `);
    await queryRunner.query(`ALTER TABLE "commitment" ADD CONSTRAINT "FK_commitment_agreement" FOREIGN KEY ("agreement_id") REFERENCES "local_development_agreement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "contact_person" ADD CONSTRAINT "FK_contact_person_agreement" FOREIGN KEY ("agreement_id") REFERENCES "local_development_agreement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "follow_up_report" ADD CONSTRAINT "FK_follow_up_report_agreement" FOREIGN KEY ("agreement_id") REFERENCES "local_development_agreement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "obstacle" ADD CONSTRAINT "FK_obstacle_agreement" FOREIGN KEY ("agreement_id") REFERENCES "local_development_agreement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "obstacle" DROP CONSTRAINT "FK_obstacle_agreement"`);
    await queryRunner.query(`ALTER TABLE "follow_up_report" DROP CONSTRAINT "FK_follow_up_report_agreement"`);
    await queryRunner.query(`ALTER TABLE "contact_person" DROP CONSTRAINT "FK_contact_person_agreement"`);
    await queryRunner.query(`ALTER TABLE "commitment" DROP CONSTRAINT "FK_commitment_agreement"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_obstacle_agreement_id"`);
    await queryRunner.query(`DROP TABLE "obstacle"`);
    await queryRunner.query(`DROP TABLE "follow_up_report"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_contact_person_agreement_id"`);
    await queryRunner.query(`DROP TABLE "contact_person"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_commitment_agreement_id"`);
    await queryRunner.query(`DROP TABLE "commitment"`);
  }
}
