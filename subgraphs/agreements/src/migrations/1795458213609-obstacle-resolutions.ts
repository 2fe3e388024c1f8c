import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Obstacles get a goal area, the parties involved, a status with who changed
 * it and when, a version, and proposed resolutions with their costs and who
 * pays them. Existing rows are carried over: OPEN, their reporter as the one
 * party, a goal area by kind.
 */
export class ObstacleResolutions1795458213609 implements MigrationInterface {
  name = 'ObstacleResolutions1795458213609';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "obstacle_party" ("obstacle_id" character varying(80) NOT NULL, "partner_type" character varying(32) NOT NULL, "partner_id" character varying(64) NOT NULL, CONSTRAINT "PK_8bf1a000532ddc684ad1b7f5ada" PRIMARY KEY ("obstacle_id", "partner_type", "partner_id"))`);
    await queryRunner.query(`CREATE TABLE "resolution" ("id" character varying(100) NOT NULL, "obstacle_id" character varying(80) NOT NULL, "proposal" character varying(2000) NOT NULL, "economic_consequences_sek" integer NOT NULL, "financing" character varying(1000) NOT NULL, "proposed_by_organisation" character varying(64) NOT NULL, "proposed_by" character varying(200) NOT NULL, "proposed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_2a6383d82766ccd2a9e6163306d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_resolution_obstacle_id" ON "resolution"  ("obstacle_id") `);
    await queryRunner.query(`CREATE TABLE "resolution_share" ("resolution_id" character varying(100) NOT NULL, "partner_type" character varying(32) NOT NULL, "partner_id" character varying(64) NOT NULL, "basis_points" integer NOT NULL, "position" integer NOT NULL, CONSTRAINT "PK_938378d6f175aeeacf959df1f86" PRIMARY KEY ("resolution_id", "partner_type", "partner_id"))`);
    await queryRunner.query(`ALTER TABLE "obstacle" ADD "focus_area" character varying(16)`);
    // The seed's illustrative obstacles: secrecy between authorities hinders work, national targets pull on safety.
    await queryRunner.query(
      `UPDATE "obstacle" SET "focus_area" = CASE "kind" WHEN 'OBSTACLE' THEN 'WORK' ELSE 'SAFETY' END`,
    );
    await queryRunner.query(`ALTER TABLE "obstacle" ALTER COLUMN "focus_area" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "obstacle" ADD "reported_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "obstacle" ADD "status" character varying(16) NOT NULL DEFAULT 'OPEN'`);
    await queryRunner.query(`ALTER TABLE "obstacle" ALTER COLUMN "status" DROP DEFAULT`);
    await queryRunner.query(
      `INSERT INTO "obstacle_party" ("obstacle_id", "partner_type", "partner_id") SELECT "id", "partner_type", "partner_id" FROM "obstacle"`,
    );
    await queryRunner.query(`ALTER TABLE "obstacle" ADD "status_changed_by" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "obstacle" ADD "status_changed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "obstacle" ADD "version" integer NOT NULL DEFAULT '1'`);
    await queryRunner.query(`ALTER TABLE "obstacle_party" ADD CONSTRAINT "FK_obstacle_party_obstacle" FOREIGN KEY ("obstacle_id") REFERENCES "obstacle"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "resolution" ADD CONSTRAINT "FK_resolution_obstacle" FOREIGN KEY ("obstacle_id") REFERENCES "obstacle"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "resolution_share" ADD CONSTRAINT "FK_resolution_share_resolution" FOREIGN KEY ("resolution_id") REFERENCES "resolution"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "resolution_share" DROP CONSTRAINT "FK_resolution_share_resolution"`);
    await queryRunner.query(`ALTER TABLE "resolution" DROP CONSTRAINT "FK_resolution_obstacle"`);
    await queryRunner.query(`ALTER TABLE "obstacle_party" DROP CONSTRAINT "FK_obstacle_party_obstacle"`);
    await queryRunner.query(`ALTER TABLE "obstacle" DROP COLUMN "version"`);
    await queryRunner.query(`ALTER TABLE "obstacle" DROP COLUMN "status_changed_at"`);
    await queryRunner.query(`ALTER TABLE "obstacle" DROP COLUMN "status_changed_by"`);
    await queryRunner.query(`ALTER TABLE "obstacle" DROP COLUMN "status"`);
    await queryRunner.query(`ALTER TABLE "obstacle" DROP COLUMN "reported_at"`);
    await queryRunner.query(`ALTER TABLE "obstacle" DROP COLUMN "focus_area"`);
    await queryRunner.query(`DROP TABLE "resolution_share"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_resolution_obstacle_id"`);
    await queryRunner.query(`DROP TABLE "resolution"`);
    await queryRunner.query(`DROP TABLE "obstacle_party"`);
  }
}
