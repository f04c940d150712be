/** The retention schedule's jobs: the monthly review to the managers, and the nightly destruction of cases due. */
import type { RetentionService } from '../services/retention.js';
import type { JobDefinition } from './scheduler.js';

export const MONTHLY_RETENTION_REVIEW = 'governance.retentionReview';
export const DESTROY_DUE_CASES = 'governance.destroyDueCases';

export function retentionJobs(retention: RetentionService, timeZone: string): JobDefinition[] {
  return [
    // The first of the month at 08:00: undecided cases are raised again every month until decided.
    { name: MONTHLY_RETENTION_REVIEW, every: '0 8 1 * *', timezone: timeZone, run: async () => void (await retention.sendMonthlyReviews()) },
    { name: DESTROY_DUE_CASES, every: '30 2 * * *', timezone: timeZone, run: async () => void (await retention.destroyDue()) },
  ];
}
