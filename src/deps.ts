/** Everything a feature needs, created once in startup.ts and handed to each feature's register function. */
import type { Storage } from 'botbuilder';
import type { Db } from 'mongodb';
import type { Config } from './config.js';
import type { AuditLog } from './db/audit.js';
import type { ConversationReferences } from './db/conversationReferences.js';
import type { WorkingCalendar } from './domain/calendar/workingCalendar.js';
import type { Clock } from './domain/clock.js';
import type { Logger } from './log.js';
import type { OutboxStore } from './db/outbox.js';
import type { CaseFollowUp } from './reminders/caseFollowUp.js';
import type { ReminderPlanner } from './reminders/planner.js';
import type { ReminderStore } from './db/reminders.js';
import type { CaseFile } from './services/caseFile.js';
import type { Intents } from './services/intents.js';
import type { CaseReviewService } from './services/caseReview.js';
import type { InterventionService } from './services/interventions.js';
import type { MeetingService } from './services/meetings.js';
import type { RiskService } from './services/riskAssessments.js';
import type { Downloads } from './security/downloads.js';
import type { VisitService } from './services/visits.js';
import type { RosterService } from './services/roster.js';
import type { FiguresService } from './services/figures.js';
import type { LetterService } from './services/letters.js';
import type { RetentionService } from './services/retention.js';
import type { ExportService } from './services/exports.js';
import type { SubjectAccessService } from './services/subjectAccess.js';
import type { SamePersonService } from './services/samePerson.js';
import type { TurnsInProgress } from './turnsInProgress.js';

export interface Deps {
  config: Config;
  clock: Clock;
  /** Working days in the configured region (England & Wales by default). */
  calendar: WorkingCalendar;
  logger: Logger;
  /** The turns in progress: housekeeping a turn leaves behind waits for them to answer. */
  turns: TurnsInProgress;
  db: Db;
  /** Mongo-backed teams-ai turn state storage; not given to the app while no feature keeps turn state (src/teams/app.ts). */
  storage: Storage;
  audit: AuditLog;
  references: ConversationReferences;
  caseFile: CaseFile;
  risk: RiskService;
  /** Chases dated obligations until done (see reminders/ports.ts). */
  reminders: ReminderStore;
  /** Delivers proactive messages exactly once, throttled and retried. */
  outbox: OutboxStore;
  /** Turns due reminders into messages, and sends the morning digests. */
  planner: ReminderPlanner;
  /** Keeps reminders in step with their case, and sets the next one of a recurring obligation. */
  caseFollowUp: CaseFollowUp;
  /** Warnings and other interventions, their deadlines and the prevention-rate figures. */
  interventions: InterventionService;
  /** Target groups, their meetings, minutes and actions. */
  meetings: MeetingService;
  /** ASB Case Review applications, decisions, reviews, appeals and the yearly figures. */
  caseReview: CaseReviewService;
  /** Signed, expiring download links, and the files behind them (register a kind to serve a new one). */
  downloads: Downloads;
  /** Visits to victims and the contact agreed at them. */
  visits: VisitService;
  /** The ASB teams and their members: who each person is to the assistant (src/domain/access/). */
  roster: RosterService;
  /** Multi-step actions recorded first and finished on retry or restart. */
  intents: Intents;
  /** The figures card, its charts and exports, and the returns. */
  figures: FiguresService;
  /** Letters from the council's Word templates, recorded on the case. */
  letters: LetterService;
  /** The retention schedule: the team's period, the managers' review and destruction. */
  retention: RetentionService;
  /** The council's own exports: cases without free text, and the audit trail for a date range (CSV). */
  exports: ExportService;
  /** Subject access, rectification and erasure (managers, in a personal chat). */
  subjectAccess: SubjectAccessService;
  /** Officer-confirmed "same person" links between victims on the team's cases (Case Review counting). */
  samePerson: SamePersonService;
}
