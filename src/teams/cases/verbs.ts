/** The verbs of the cases feature (see src/teams/verbs.ts for the shared ones). */
export const CaseVerbs = {
  create: 'case.create',
  show: 'case.show',
  incidents: 'case.incidents',
  /** Every note on a case, a page at a time; data { caseId, page }. */
  notes: 'case.notes',
  incidentForm: 'case.incidentForm',
  logIncident: 'case.logIncident',
  addAsIncident: 'case.addAsIncident',
  noteForm: 'case.noteForm',
  addNote: 'case.addNote',
  statusForm: 'case.statusForm',
  changeStatus: 'case.changeStatus',
  closeForm: 'case.closeForm',
  close: 'case.close',
  reopenForm: 'case.reopenForm',
  reopen: 'case.reopen',
  personForm: 'case.personForm',
  addPerson: 'case.addPerson',
  assignForm: 'case.assignForm',
  assign: 'case.assign',
  list: 'cases.list',
  /** Every deadline of a case; data { caseId }. */
  deadlines: 'case.deadlines',
  /** The full case card, for the presser alone, from a summary posted in a group chat or channel; data { caseId }. */
  details: 'case.details',
  /** A page of a case's audit trail (managers and admins); data { reference, page }. */
  audit: 'case.audit',
  /** Partner sharing (case officer or manager): the form, share, unshare; data { caseId[, agency] }. */
  shareForm: 'case.shareForm',
  share: 'case.share',
  unshare: 'case.unshare',
  /** A parent's or guardian's answer on an under-18 victim's consent; data { caseId, version }. */
  guardianForm: 'case.guardianForm',
  recordGuardian: 'case.recordGuardian',
  /** A partner's read-only buttons: a note to the case officer, or a request for an update. */
  partnerNoteForm: 'case.partnerNoteForm',
  partnerNote: 'case.partnerNote',
  askUpdate: 'case.askUpdate',
} as const;

/** The dataset of the wards typeahead on the case forms (an `application/search` invoke). */
export const WARD_DATASET = 'asb.wards';
