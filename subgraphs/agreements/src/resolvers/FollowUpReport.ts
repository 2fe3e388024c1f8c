import type { FollowUpReportResolvers } from '../generated/resolvers-types';
import { reportDueOn } from '../writes/follow-ups';

export const FollowUpReport = {
  dueOn: (r) => reportDueOn(r.year),
  // Dates as YYYY-MM-DD compare as text; a report not yet in is late once its day has passed.
  late: (r) => (r.submittedOn ?? new Date().toISOString().slice(0, 10)) > reportDueOn(r.year),
  indicatorsTakenAt: (r) => r.indicatorsTakenAt && r.indicatorsTakenAt.toISOString(),
} satisfies FollowUpReportResolvers;
