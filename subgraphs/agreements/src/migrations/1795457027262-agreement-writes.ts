import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AgreementWrites1795457027262 implements MigrationInterface {
  name = 'AgreementWrites1795457027262';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "agreement_renewal" ("predecessor_id" character varying(64) NOT NULL, "successor_id" character varying(64) NOT NULL, CONSTRAINT "REL_aa77d9879677791aafb26ff327" UNIQUE ("successor_id"), CONSTRAINT "PK_7ba240812368b96d4d0f04aeac4" PRIMARY KEY ("predecessor_id"))`);
    await queryRunner.query(`CREATE TABLE "change_record" ("id" BIGSERIAL NOT NULL, "agreement_id" character varying(64) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "who" character varying(200) NOT NULL, "organisation" character varying(64), "operation" character varying(64) NOT NULL, "entity" character varying(64) NOT NULL, "entity_id" character varying(200) NOT NULL, "before" jsonb, "after" jsonb, CONSTRAINT "PK_44fec7524fb3068db1a08dfd85b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_change_record_agreement_at" ON "change_record"  ("agreement_id", "at") `);
    await queryRunner.query(`CREATE TABLE "idempotency_key" ("caller" character varying(270) NOT NULL, "key" character varying(100) NOT NULL, "operation" character varying(64) NOT NULL, "request_hash" character(64) NOT NULL, "result_id" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_1482d923e254705fd82e4d392f6" PRIMARY KEY ("caller", "key"))`);
    await queryRunner.query(`ALTER TABLE "local_development_agreement" ADD "version" integer NOT NULL DEFAULT '1'`);
    await queryRunner.query(`ALTER TABLE "agreement_renewal" ADD CONSTRAINT "FK_agreement_renewal_predecessor" FOREIGN KEY ("predecessor_id") REFERENCES "local_development_agreement"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "agreement_renewal" ADD CONSTRAINT "FK_agreement_renewal_successor" FOREIGN KEY ("successor_id") REFERENCES "local_development_agreement"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "agreement_renewal" DROP CONSTRAINT "FK_agreement_renewal_successor"`);
    await queryRunner.query(`ALTER TABLE "agreement_renewal" DROP CONSTRAINT "FK_agreement_renewal_predecessor"`);
    await queryRunner.query(`ALTER TABLE "local_development_agreement" DROP COLUMN "version"`);
    await queryRunner.query(`DROP TABLE "idempotency_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_change_record_agreement_at"`);
    await queryRunner.query(`DROP TABLE "change_record"`);
    await queryRunner.query(`DROP TABLE "agreement_renewal"`);
  }
}
