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
  /** Open the victims' meeting referral form; data { caseId, assessmentId }. */
  referralForm: 'risk.referralForm',
  /** Record the referral as referred (date, meeting) or declined (reason). */
  recordReferral: 'risk.recordReferral',
  /** A manager confirms lowering a high result; data { caseId, assessmentId } and an optional note. */
  confirmLowering: 'risk.confirmLowering',
  /** A manager keeps a high result high; data { caseId, assessmentId } and an optional note. */
  keepHigh: 'risk.keepHigh',
} as const;
