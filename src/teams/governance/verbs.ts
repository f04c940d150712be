/** The governance feature's Action.Execute verbs (`feature.action`), shared by its cards and handlers. */
export const GovernanceVerbs = {
  retentionReview: 'retention.review',
  retentionDestroy: 'retention.destroy',
  retentionHoldForm: 'retention.holdForm',
  retentionHold: 'retention.hold',
  retentionExtendForm: 'retention.extendForm',
  retentionExtend: 'retention.extend',
  retentionSetPeriod: 'retention.setPeriod',
  subjectSearch: 'subjectAccess.search',
  subjectFind: 'subjectAccess.find',
  subjectOpen: 'subjectAccess.open',
  subjectCorrectForm: 'subjectAccess.correctForm',
  subjectCorrect: 'subjectAccess.correct',
  subjectEraseForm: 'subjectAccess.eraseForm',
  subjectErase: 'subjectAccess.erase',
} as const;
