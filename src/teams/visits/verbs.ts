/** The verbs of the visits feature. */
export const VisitVerbs = {
  /** The "Record visit" form; data { caseId }. */
  form: 'visit.form',
  record: 'visit.record',
} as const;
