/** The verbs of the warnings and interventions feature (see src/teams/verbs.ts for the shared ones). */
export const InterventionVerbs = {
  /** Open the "Add intervention" form from the case card; data { caseId }, and { interventionType } once chosen. */
  form: 'intervention.form',
  /** Submit the intervention form. */
  record: 'intervention.record',
  /** Open the end-of-monitoring question; data { interventionId }. The reminder's "Done" opens it. */
  outcomeForm: 'intervention.outcomeForm',
  /** Submit the answer to the end-of-monitoring question. */
  recordOutcome: 'intervention.recordOutcome',
  /** Open the pre-application risk assessment (2026 Act orders); data { caseId }, optionally { personId }. */
  preApplicationForm: 'intervention.preApplicationForm',
  /** Submit the pre-application risk assessment. */
  recordPreApplication: 'intervention.recordPreApplication',
  /** Show the prevention-rate figures. */
  figures: 'intervention.figures',
} as const;
