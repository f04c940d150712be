/**
 * Warnings as the target group sees them: the stage of each staged warning (DOMAIN.md, "staged approach"),
 * the area figure "warnings by stage and under-18/adult", and agenda section 6, the warnings and ABCs whose
 * monitoring ends before the next meeting with no outcome recorded yet.
 */
import type { LocalDate } from '../calendar/localDate.js';
import { defaultInterventionTypes, type InterventionTypeId } from '../interventions/interventionTypes.js';
import type { AgendaCaseSummary } from './caseSummary.js';
import type { AreaFigures, MonitoringEnding } from './agenda.js';
import { initials } from './privacy.js';

/** The staged warnings, in stage order; other interventions (injunctions, closures…) are not warnings. */
export const warningStages: Partial<Record<InterventionTypeId, string>> = {
  'verbal-warning': 'Verbal',
  'stage-1-warning-letter': 'Stage 1',
  'stage-2-final-warning': 'Stage 2',
  'acceptable-behaviour-contract': 'ABC',
  'community-protection-warning': 'CPW',
};

/** What the figures and section 6 need of an intervention. */
export interface WarningRecord {
  id: string;
  caseId: string;
  type: InterventionTypeId;
  personId: string;
  personUnder18: boolean;
  servedOn: LocalDate;
  monitoringEndsOn?: LocalDate;
  outcomeRecorded: boolean;
}

/** Warnings served, counted by stage (in stage order) and split under 18 / adult. */
export function warningsByStage(served: readonly Pick<WarningRecord, 'type' | 'personUnder18'>[]): AreaFigures['warningsByStage'] {
  const counts: AreaFigures['warningsByStage'] = {};
  for (const [type, stage] of Object.entries(warningStages) as [InterventionTypeId, string][]) {
    const ofType = served.filter((w) => w.type === type);
    if (ofType.length === 0) continue;
    const under18 = ofType.filter((w) => w.personUnder18).length;
    const previous = counts[stage] ?? { under18: 0, adult: 0 };
    counts[stage] = { under18: previous.under18 + under18, adult: previous.adult + ofType.length - under18 };
  }
  return counts;
}

/**
 * Section 6: the staged warnings whose monitoring ends on or after `from` and before `before` (the next meeting)
 * with no outcome yet, the person shown by initials only. A case the meeting may not see (no summary) is left out.
 */
export function monitoringEndings(
  warnings: readonly WarningRecord[],
  window: { from: LocalDate; before: LocalDate },
  cases: ReadonlyMap<string, AgendaCaseSummary>,
  personName: (caseId: string, personId: string) => string | undefined,
): MonitoringEnding[] {
  return warnings.flatMap((w) => {
    const stage = warningStages[w.type];
    const summary = cases.get(w.caseId);
    const endsOn = w.monitoringEndsOn;
    if (!stage || !summary || !endsOn || w.outcomeRecorded || endsOn < window.from || endsOn >= window.before) return [];
    return [{
      interventionId: w.id,
      case: summary,
      type: defaultInterventionTypes[w.type].label,
      stage,
      personInitials: initials(personName(w.caseId, w.personId) ?? '') || 'Not known',
      under18: w.personUnder18,
      endsOn,
    }];
  });
}
