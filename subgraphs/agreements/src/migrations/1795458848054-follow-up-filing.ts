import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FollowUpFiling1795458848054 implements MigrationInterface {
  name = 'FollowUpFiling1795458848054';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "follow_up_report" ADD "filed_by" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "follow_up_report" ADD "assessments" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "follow_up_report" ADD "indicators" jsonb`);
    await queryRunner.query(`ALTER TABLE "follow_up_report" ADD "indicator_gaps" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "follow_up_report" ADD "indicators_taken_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "follow_up_report" ADD "version" integer NOT NULL DEFAULT '1'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "follow_up_report" DROP COLUMN "version"`);
    await queryRunner.query(`ALTER TABLE "follow_up_report" DROP COLUMN "indicators_taken_at"`);
    await queryRunner.query(`ALTER TABLE "follow_up_report" DROP COLUMN "indicator_gaps"`);
    await queryRunner.query(`ALTER TABLE "follow_up_report" DROP COLUMN "indicators"`);
    await queryRunner.query(`ALTER TABLE "follow_up_report" DROP COLUMN "assessments"`);
    await queryRunner.query(`ALTER TABLE "follow_up_report" DROP COLUMN "filed_by"`);
  }
}
