/** The verbs of the ASB Case Review (see src/teams/verbs.ts for the shared ones). */
export const CaseReviewVerbs = {
  /** Open the application form; data { caseId } from the case card, or nothing for someone not on a case. */
  applicationForm: 'caseReview.applicationForm',
  /** Submit the application. */
  apply: 'caseReview.apply',
  /** The officer confirms a victim here is the same person as a victim on another case; data { caseId, victimId, otherCaseId, otherVictimId }. */
  samePerson: 'caseReview.samePerson',
  /** Show an application; data { applicationId }. */
  show: 'caseReview.show',
  acknowledge: 'caseReview.acknowledge',
  /** The Case Review lead's decision: met / not met with reasons. */
  decide: 'caseReview.decide',
  scheduleMeeting: 'caseReview.scheduleMeeting',
  victimViews: 'caseReview.victimViews',
  outcome: 'caseReview.outcome',
  /** The outcome agreed in the review meeting was sent to the victim on a date. */
  outcomeSent: 'caseReview.outcomeSent',
  appeal: 'caseReview.appeal',
  /** The team's Case Review settings card (team admins and managers), and saving it. */
  settings: 'caseReview.settings',
  saveSettings: 'caseReview.saveSettings',
} as const;

/** The chat commands: `case review` (someone not yet on a case) and `case review figures <year>`. */
export const caseReviewCommands = {
  apply: /^\s*case review\s*$/i,
  figures: /^\s*case review figures\s+(\d{4})\s*$/i,
  settings: /^\s*case review settings\s*$/i,
} as const;
