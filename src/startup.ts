/**
 * Boots the whole assistant (config → database → repositories → Teams app → scheduler → HTTP server) and
 * returns a handle to stop it cleanly. index.ts, the tests and the benchmarks all start it the same way.
 */
import { isLocalMode, type Config } from './config.js';
import { randomBytes } from 'node:crypto';
import { AreaCaseload } from './db/areaCaseload.js';
import { AuditLog } from './db/audit.js';
import { CaseRepository } from './db/cases.js';
import { connectDatabase } from './db/connect.js';
import { ConversationReferences } from './db/conversationReferences.js';
import { nextSequence } from './db/counters.js';
import { IncidentRepository } from './db/incidents.js';
import { MeetingActionRepository } from './db/meetingActions.js';
import { MeetingRepository } from './db/meetings.js';
import { NoteRepository } from './db/notes.js';
import { RiskAssessmentRepository } from './db/riskAssessments.js';
import { NominationRepository, TargetGroupRepository } from './db/targetGroups.js';
import { MongoTurnStateStorage } from './db/turnStateStorage.js';
import type { Deps } from './deps.js';
import { createWorkingCalendar } from './domain/calendar/createWorkingCalendar.js';
import { defaultCalendarRegion } from './domain/calendar/workingCalendar.js';
import { defaultAreas } from './domain/cases/areas.js';
import { defaultCaseReviewThresholds } from './domain/cases/caseReview.js';
import { systemClock, type Clock } from './domain/clock.js';
import { defaultQuestionSet } from './domain/risk/defaultQuestionSet.js';
import { createLogger, type Logger } from './log.js';
import { nextNotice } from './domain/reminders/notices.js';
import { OutboxStore } from './reminders/outboxStore.js';
import { ReminderStore } from './reminders/reminderStore.js';
import { markStaleConversationsJob } from './scheduler/housekeeping.js';
import { startScheduler, type JobDefinition, type Scheduler } from './scheduler/scheduler.js';
import { createHttpServer } from './server.js';
import { CaseFile } from './services/caseFile.js';
import { MeetingService } from './services/meetings.js';
import { RiskService } from './services/riskAssessments.js';
import { createTeamsApp, type Feature } from './teams/app.js';
import { registerCases } from './teams/cases/register.js';
import { registerMeetings } from './teams/meetings/register.js';
import { registerRisk } from './teams/risk/register.js';

export interface StartOptions {
  clock?: Clock;
  logger?: Logger;
  /** 'memory' runs the embedded server without a data directory (tests). Defaults to config.dataDir. */
  dataDir?: string | 'memory';
  /** How often the scheduler polls for due jobs, in ms. */
  processEveryMs?: number;
  /** How long shutdown waits for turns in progress. */
  shutdownGraceMs?: number;
}

export interface Assistant {
  port: number;
  url: string;
  deps: Deps;
  scheduler: Scheduler;
  stop(): Promise<void>;
}

const features: Feature[] = [registerCases, registerRisk, registerMeetings];

export async function startAssistant(config: Config, options: StartOptions = {}): Promise<Assistant> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  if (isLocalMode(config)) {
    logger.warn('BOT_ID is not set: /api/messages accepts unauthenticated requests. This is for local use with the Agents Playground only.');
  }

  const database = await connectDatabase({ mongodbUri: config.mongodbUri, dataDir: options.dataDir ?? config.dataDir }, logger);
  const cleanups: Array<() => Promise<void>> = [() => database.close()];
  try {
    const db = database.db;
    const references = new ConversationReferences(db);
    const cases = new CaseRepository(db);
    const incidents = new IncidentRepository(db);
    const notes = new NoteRepository(db);
    const audit = new AuditLog(db);
    const riskAssessments = new RiskAssessmentRepository(db);
    const calendar = createWorkingCalendar(defaultCalendarRegion);
    const reminders = new ReminderStore(db, clock, (state) => nextNotice(state, calendar)?.at);
    const outbox = new OutboxStore(db, clock);
    const targetGroups = new TargetGroupRepository(db);
    const nominations = new NominationRepository(db);
    const meetingRecords = new MeetingRepository(db);
    const meetingActions = new MeetingActionRepository(db);
    const caseload = new AreaCaseload(db, defaultAreas, defaultCaseReviewThresholds);
    for (const repository of [references, cases, incidents, notes, audit, riskAssessments, reminders, outbox, targetGroups, nominations, meetingRecords, meetingActions, caseload]) {
      await repository.ensureIndexes();
    }
    let linkSigningSecret = config.linkSigningSecret;
    if (!linkSigningSecret) {
      linkSigningSecret = randomBytes(32).toString('base64url');
      logger.warn('LINK_SIGNING_SECRET is not set: minutes download links are signed with a random secret made for this process, so they stop working after a restart.');
    }
    let publicUrl = config.publicUrl ?? `http://localhost:${config.port}`;
    const meetings = new MeetingService({
      groups: targetGroups,
      nominations,
      meetings: meetingRecords,
      actions: meetingActions,
      caseload,
      cases,
      audit,
      clock,
      calendar,
      reminders,
      outbox,
      linkSigningSecret,
      publicUrl: () => publicUrl,
    });
    const caseFile = new CaseFile({
      cases,
      incidents,
      notes,
      audit,
      clock,
      caseReview: defaultCaseReviewThresholds,
      riskAssessments,
      calendar,
      nextCaseNumber: (year) => nextSequence(db, `case-reference-${year}`),
    });
    const deps: Deps = {
      config,
      clock,
      calendar,
      logger,
      db: database.db,
      storage: new MongoTurnStateStorage(database.db, clock),
      references,
      caseFile,
      risk: new RiskService({ cases, assessments: riskAssessments, audit, clock, questionSet: defaultQuestionSet, calendar }),
      reminders,
      outbox,
      meetings,
    };
    const teams = createTeamsApp(deps, features);

    const jobs: JobDefinition[] = [markStaleConversationsJob(references, clock)];
    const scheduler = await startScheduler(database.db, jobs, { processEveryMs: options.processEveryMs ?? 5000 }, logger);
    cleanups.unshift(() => scheduler.stop());

    const http = createHttpServer({
      adapter: teams.adapter,
      handleTurn: teams.handleTurn,
      isReady: async () => scheduler.isRunning() && (await database.ping()),
      logger,
      downloadMinutes: (url) => meetings.download(url),
    });
    const port = await http.listen(config.port);
    if (!config.publicUrl) publicUrl = `http://localhost:${port}`;
    cleanups.unshift(() => http.close(options.shutdownGraceMs ?? 10_000));
    logger.info({ port }, 'ASB Case Assistant listening');

    let stopping: Promise<void> | undefined;
    return {
      port,
      url: `http://127.0.0.1:${port}`,
      deps,
      scheduler,
      stop: () => (stopping ??= runCleanups(cleanups, logger)),
    };
  } catch (error) {
    await runCleanups(cleanups, logger);
    throw error;
  }
}

/** Runs each shutdown step in order; a failing step is logged and the rest still run. */
async function runCleanups(cleanups: Array<() => Promise<void>>, logger: Logger): Promise<void> {
  for (const cleanup of cleanups) {
    try {
      await cleanup();
    } catch (error) {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'shutdown step failed');
    }
  }
}
