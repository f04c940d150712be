/** The verbs of the target group meetings feature (see src/teams/verbs.ts for the shared ones). */
export const MeetingVerbs = {
  setUp: 'meeting.group.setUp',
  nominateForm: 'meeting.nominateForm',
  nominate: 'meeting.nominate',
  schedule: 'meeting.schedule',
  agendaMove: 'meeting.agenda.move',
  agendaDrop: 'meeting.agenda.drop',
  agendaAdd: 'meeting.agenda.add',
  start: 'meeting.start',
  /** Not starting after all (the meeting was for another day). */
  cancelStart: 'meeting.start.cancel',
  show: 'meeting.show',
  attendanceForm: 'meeting.attendanceForm',
  attendance: 'meeting.attendance',
  next: 'meeting.next',
  previous: 'meeting.previous',
  addNote: 'meeting.addNote',
  addDecision: 'meeting.addDecision',
  addAction: 'meeting.addAction',
  removeLine: 'meeting.removeLine',
  revealNames: 'meeting.revealNames',
  approvePrevious: 'meeting.approvePrevious',
  /** Open the previous (approved) minutes to append a correction; data { meetingId } of the current meeting. */
  correctionForm: 'meeting.correctionForm',
  /** Append a correction to final or approved minutes; data { meetingId, correctionText }. */
  addCorrection: 'meeting.addCorrection',
  end: 'meeting.end',
  markFinal: 'meeting.markFinal',
  myActions: 'meeting.myActions',
  actionDone: 'meeting.action.done',
  actionDrop: 'meeting.action.drop',
} as const;

/** Input ids on the meeting cards. */
export const meetingFields = {
  meetingId: 'meetingId',
  /** On "Start, and date the minutes today": the day the chair confirmed. */
  heldOn: 'heldOn',
  itemId: 'itemId',
  itemVersion: 'itemVersion',
  at: 'at',
  noteText: 'noteText',
  decisionText: 'decisionText',
  actionWhat: 'actionWhat',
  actionOwner: 'actionOwner',
  actionDue: 'actionDue',
  noteId: 'noteId',
  caseId: 'caseId',
  present: 'present',
  apologies: 'apologies',
  guests: 'guests',
  agendaItem: 'agendaItem',
  toPosition: 'toPosition',
  newItemTitle: 'newItemTitle',
  groupId: 'groupId',
  reason: 'nominationReason',
  /** A form's own key, so the same submission is acted on once (a double click, a replayed submit). */
  submitKey: 'idempotencyKey',
  actionId: 'actionId',
  dropReason: 'dropReason',
  correctionText: 'correctionText',
} as const;

/** Input ids on the set-up card. */
export const setupFields = {
  name: 'groupName',
  areas: 'areas',
  chair: 'chair',
  minuteTaker: 'minuteTaker',
  memberAgencies: 'memberAgencies',
  schedule: 'schedule',
  noticeDays: 'noticeDays',
  infoSharingBasis: 'infoSharingBasis',
  member: (n: number) => `member${n}`,
  memberAgency: (n: number) => `member${n}Agency`,
  confirmAreaClash: 'confirmAreaClash',
} as const;

export const MEMBER_ROWS = 6;
