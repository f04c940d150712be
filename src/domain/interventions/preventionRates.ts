import { z } from 'zod';
import type { LocalDate } from '../calendar/localDate.js';
import type { Intervention } from './intervention.js';

/** Cornwall's targets: the share not coming to notice again after a warning. */
export const preventionTargetsSchema = z.object({
  under18Percent: z.number().min(0).max(100),
  adultPercent: z.number().min(0).max(100),
});
export type PreventionTargets = z.infer<typeof preventionTargetsSchema>;
export const defaultPreventionTargets: PreventionTargets = { under18Percent: 80, adultPercent: 70 };

export interface PreventionFigures {
  /** Monitored interventions (those with a monitoring end date). */
  monitored: number;
  /** Monitoring ended (on or before `today`) with no outcome yet; 0 when no `today` is given. */
  awaitingOutcome: number;
  outcomeRecorded: number;
  notComeToNoticeAgain: number;
  /** notComeToNoticeAgain / outcomeRecorded, as a percentage to one decimal; null with no outcomes yet. */
  ratePercent: number | null;
  targetPercent: number;
  /** null while there is nothing to measure. */
  meetsTarget: boolean | null;
}

export interface PreventionRates {
  under18: PreventionFigures;
  adults: PreventionFigures;
}

/** Counts per intervention: a person given a stage 1 and later a stage 2 warning counts once for each. */
export function preventionRates(
  interventions: readonly Intervention[],
  options: { targets?: PreventionTargets; today?: LocalDate } = {},
): PreventionRates {
  const targets = options.targets ?? defaultPreventionTargets;
  const monitored = interventions.filter((i) => i.monitoringEndsOn);
  const figures = (group: Intervention[], targetPercent: number): PreventionFigures => {
    const withOutcome = group.filter((i) => i.outcome);
    const notAgain = withOutcome.filter((i) => i.outcome && !i.outcome.cameToNoticeAgain).length;
    const ratePercent = withOutcome.length ? Math.round((notAgain / withOutcome.length) * 1000) / 10 : null;
    const today = options.today;
    return {
      monitored: group.length,
      awaitingOutcome: today ? group.filter((i) => !i.outcome && i.monitoringEndsOn && i.monitoringEndsOn <= today).length : 0,
      outcomeRecorded: withOutcome.length,
      notComeToNoticeAgain: notAgain,
      ratePercent,
      targetPercent,
      meetsTarget: ratePercent === null ? null : ratePercent >= targetPercent,
    };
  };
  return {
    under18: figures(monitored.filter((i) => i.personUnder18), targets.under18Percent),
    adults: figures(monitored.filter((i) => !i.personUnder18), targets.adultPercent),
  };
}
