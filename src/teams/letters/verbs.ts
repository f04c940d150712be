/** The verbs of the letters feature. */
export const LetterVerbs = {
  /** The letters that fit the case; data { caseId }. */
  form: 'letter.form',
  make: 'letter.make',
  sent: 'letter.sent',
} as const;
