import { forbidden, invalidInput, type Caller } from '@samverkan/common';
import { FollowUpReport, LocalDevelopmentAgreement, type FocusAreaAssessment } from '../entities';
import type { FileFollowUpReportInput } from '../generated/resolvers-types';
import * as check from './input';
import { takeIndicatorSnapshot } from './indicator-snapshot';
import { runWrite, type WriteContext } from './transaction';

/** The municipalities' annual reports are due by 1 October of their year (Dir. 2006:66). */
export const reportDueOn = (year: number) => `${year}-10-01`;

/** The municipality that signed an agreement files its reports. */
function municipalityPartners(operation: string) {
  return (caller: Caller): string | null =>
    caller.roles.includes('partner') && caller.organisation && /^\d{4}$/.test(caller.organisation)
      ? null
      : `${operation} is for the municipality of the agreement: its partner role files the yearly report.`;
}

/**
 * Files the yearly follow-up: one report per agreement and year (a draft is
 * replaced, a filed one refused), a year within the agreement's period, an
 * assessment for each of the agreement's goal areas, and the district
 * indicators as they stand now, with their sources, so that later revisions
 * of the statistics do not rewrite what the report rested on.
 */
export async function fileFollowUpReport(
  context: WriteContext & { supergraphUrl: string },
  input: FileFollowUpReportInput,
  idempotencyKey?: string | null,
): Promise<{ agreementId: string; year: number }> {
  const operation = 'fileFollowUpReport';
  const agreementId = check.slug('agreementId', input.agreementId);
  if (!Number.isInteger(input.year) || input.year < 1990 || input.year > 2100) {
    throw invalidInput('year', `must be a year from 1990 to 2100, got ${input.year}.`);
  }
  // Taken before the transaction: a slow partner must not hold rows locked. A refused filing wastes one read.
  const snapshot =
    context.caller.anonymous || municipalityPartners(operation)(context.caller)
      ? null
      : await takeIndicatorSnapshot(context.supergraphUrl, agreementId, input.year);
  await runWrite(
    context,
    { operation, authorise: municipalityPartners(operation), idempotency: { key: idempotencyKey, input } },
    async (tx) => {
      const summary = check.text('summary', input.summary, 2000);
      const agreement = await tx.manager.findOneBy(LocalDevelopmentAgreement, { id: agreementId });
      if (!agreement) throw invalidInput('agreementId', `no agreement has the id ${agreementId}.`);
      if (agreement.municipalityCode !== context.caller.organisation) {
        throw forbidden(
          `Reports on agreement ${agreementId} are filed by its municipality (${agreement.municipalityCode}), not ${context.caller.organisation}.`,
        );
      }
      const [first, last] = [Number(agreement.periodStart.slice(0, 4)), Number(agreement.periodEnd.slice(0, 4))];
      if (input.year < first || input.year > last) {
        throw invalidInput('year', `must lie within the agreement's period, ${first}–${last}; got ${input.year}.`);
      }
      const assessments: FocusAreaAssessment[] = input.assessments.map((a, i) => {
        if (!agreement.focusAreas.includes(a.focusArea)) {
          throw invalidInput(
            `assessments.${i}.focusArea`,
            `agreement ${agreementId} works in ${agreement.focusAreas.join(', ')}, not ${a.focusArea}.`,
          );
        }
        if (input.assessments.findIndex((b) => b.focusArea === a.focusArea) !== i) {
          throw invalidInput(`assessments.${i}.focusArea`, `${a.focusArea} is assessed twice.`);
        }
        return {
          focusArea: a.focusArea,
          rating: a.rating,
          assessment: check.text(`assessments.${i}.assessment`, a.assessment, 2000),
        };
      });
      const missing = agreement.focusAreas.filter((area) => !assessments.some((a) => a.focusArea === area));
      if (missing.length > 0) {
        throw invalidInput(
          'assessments',
          `needs an assessment for every goal area of the agreement; missing ${missing.join(', ')}.`,
        );
      }
      const existing = await tx.manager.findOne(FollowUpReport, {
        where: { agreementId, year: input.year },
        lock: { mode: 'pessimistic_write' },
      });
      if (existing?.status === 'SUBMITTED') {
        throw invalidInput(
          'year',
          `the report for ${input.year} was filed on ${existing.submittedOn}; one report per agreement and year.`,
        );
      }
      const report: FollowUpReport = {
        agreementId,
        year: input.year,
        status: 'SUBMITTED',
        summary,
        submittedOn: new Date().toISOString().slice(0, 10),
        filedBy: context.caller.subject ?? '(no subject)',
        assessments,
        indicators: snapshot!.indicators,
        indicatorGaps: snapshot!.gaps,
        indicatorsTakenAt: snapshot!.takenAt,
        version: (existing?.version ?? 0) + 1,
      };
      // JSON columns as text, so that arrays are not taken for PostgreSQL arrays.
      await tx.manager.query(
        'INSERT INTO follow_up_report (agreement_id, year, status, summary, submitted_on, filed_by, assessments, indicators, indicator_gaps, indicators_taken_at, version) ' +
          'VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9::jsonb, $10, $11) ' +
          'ON CONFLICT (agreement_id, year) DO UPDATE SET status = EXCLUDED.status, summary = EXCLUDED.summary, ' +
          'submitted_on = EXCLUDED.submitted_on, filed_by = EXCLUDED.filed_by, assessments = EXCLUDED.assessments, ' +
          'indicators = EXCLUDED.indicators, indicator_gaps = EXCLUDED.indicator_gaps, ' +
          'indicators_taken_at = EXCLUDED.indicators_taken_at, version = EXCLUDED.version',
        [
          agreementId,
          input.year,
          report.status,
          summary,
          report.submittedOn,
          report.filedBy,
          JSON.stringify(assessments),
          JSON.stringify(report.indicators),
          JSON.stringify(report.indicatorGaps),
          report.indicatorsTakenAt,
          report.version,
        ],
      );
      const { agreement: _a, ...before } = existing ?? {};
      await tx.record({
        agreementId,
        entity: 'FollowUpReport',
        entityId: `${agreementId}/${input.year}`,
        before: existing ? before : null,
        after: { ...report, indicators: `${report.indicators?.length ?? 0} figures` },
      });
      return `${agreementId}/${input.year}`;
    },
  );
  return { agreementId, year: input.year };
}
