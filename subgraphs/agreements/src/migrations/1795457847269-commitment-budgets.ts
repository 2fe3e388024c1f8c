import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Commitments become records partners write: an id of their own, a period,
 * a budget shared among partners (co_financing_share), districts and a
 * status. Written by hand from the generated one so that existing rows are
 * carried over: each keeps its partner's co-financing as its budget, paid
 * 100 % by that partner, the agreement's period and districts, and status
 * ONGOING.
 */
export class CommitmentBudgets1795457847269 implements MigrationInterface {
  name = 'CommitmentBudgets1795457847269';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "co_financing_share" ("commitment_id" character varying(120) NOT NULL, "partner_type" character varying(32) NOT NULL, "partner_id" character varying(64) NOT NULL, "basis_points" integer NOT NULL, "position" integer NOT NULL, CONSTRAINT "PK_a01cd05a20cb091365b814a82e6" PRIMARY KEY ("commitment_id", "partner_type", "partner_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "commitment_district" ("commitment_id" character varying(120) NOT NULL, "district_id" character varying(64) NOT NULL, CONSTRAINT "PK_83b3094d687403fc559fbccc4e7" PRIMARY KEY ("commitment_id", "district_id"))`,
    );
    await queryRunner.query(`ALTER TABLE "commitment" ADD "id" character varying(120)`);
    await queryRunner.query(
      `UPDATE "commitment" SET "id" = lower("agreement_id" || '-' || "partner_type" || '-' || "partner_id" || '-' || "focus_area")`,
    );
    await queryRunner.query(`ALTER TABLE "commitment" ALTER COLUMN "id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "commitment" RENAME COLUMN "co_financing_sek" TO "budget_sek"`);
    await queryRunner.query(`ALTER TABLE "commitment" ADD "period_start" date`);
    await queryRunner.query(`ALTER TABLE "commitment" ADD "period_end" date`);
    await queryRunner.query(
      `UPDATE "commitment" c SET "period_start" = a."period_start", "period_end" = a."period_end" FROM "local_development_agreement" a WHERE a."id" = c."agreement_id"`,
    );
    await queryRunner.query(`ALTER TABLE "commitment" ALTER COLUMN "period_start" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "commitment" ALTER COLUMN "period_end" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "commitment" ADD "status" character varying(16) NOT NULL DEFAULT 'ONGOING'`);
    await queryRunner.query(`ALTER TABLE "commitment" ALTER COLUMN "status" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "commitment" ADD "version" integer NOT NULL DEFAULT '1'`);
    await queryRunner.query(`ALTER TABLE "commitment" DROP CONSTRAINT "PK_abdf10acd728ec6b2fd82be37e7"`);
    await queryRunner.query(`ALTER TABLE "commitment" ADD CONSTRAINT "PK_7a0899978d100f72269b3045d7e" PRIMARY KEY ("id")`);
    await queryRunner.query(
      `INSERT INTO "co_financing_share" ("commitment_id", "partner_type", "partner_id", "basis_points", "position") SELECT "id", "partner_type", "partner_id", 10000, 0 FROM "commitment"`,
    );
    await queryRunner.query(
      `INSERT INTO "commitment_district" ("commitment_id", "district_id") SELECT c."id", d."district_id" FROM "commitment" c JOIN "agreement_district" d ON d."agreement_id" = c."agreement_id"`,
    );
    await queryRunner.query(
      `ALTER TABLE "co_financing_share" ADD CONSTRAINT "FK_co_financing_share_commitment" FOREIGN KEY ("commitment_id") REFERENCES "commitment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "commitment_district" ADD CONSTRAINT "FK_commitment_district_commitment" FOREIGN KEY ("commitment_id") REFERENCES "commitment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Commitments written since cannot all go back to one per partner and goal area: keep the first of each.
    await queryRunner.query(
      `DELETE FROM "commitment" c USING "commitment" o WHERE c."agreement_id" = o."agreement_id" AND c."partner_type" = o."partner_type" AND c."partner_id" = o."partner_id" AND c."focus_area" = o."focus_area" AND c."id" > o."id"`,
    );
    await queryRunner.query(`DROP TABLE "commitment_district"`);
    await queryRunner.query(`DROP TABLE "co_financing_share"`);
    await queryRunner.query(`ALTER TABLE "commitment" DROP CONSTRAINT "PK_7a0899978d100f72269b3045d7e"`);
    await queryRunner.query(
      `ALTER TABLE "commitment" ADD CONSTRAINT "PK_abdf10acd728ec6b2fd82be37e7" PRIMARY KEY ("agreement_id", "partner_type", "partner_id", "focus_area")`,
    );
    await queryRunner.query(`ALTER TABLE "commitment" DROP COLUMN "version"`);
    await queryRunner.query(`ALTER TABLE "commitment" DROP COLUMN "status"`);
    await queryRunner.query(`ALTER TABLE "commitment" DROP COLUMN "period_end"`);
    await queryRunner.query(`ALTER TABLE "commitment" DROP COLUMN "period_start"`);
    await queryRunner.query(`ALTER TABLE "commitment" RENAME COLUMN "budget_sek" TO "co_financing_sek"`);
    await queryRunner.query(`ALTER TABLE "commitment" DROP COLUMN "id"`);
  }
}
