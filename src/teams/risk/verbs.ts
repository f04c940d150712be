/** The verbs of the risk assessment feature (see src/teams/verbs.ts for the shared ones). */
export const RiskVerbs = {
  /** Open the questionnaire from the case card; data { caseId }. */
  form: 'risk.form',
  /** Submit the questionnaire. */
  assess: 'risk.assess',
  /** Open the "change the level" form for an assessment; data { caseId, assessmentId }. */
  overrideForm: 'risk.overrideForm',
  /** Submit a change of level with its reason. */
  override: 'risk.override',
} as const;
