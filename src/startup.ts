/**
 * Boots the whole assistant (config → database → repositories → Teams app → scheduler → HTTP server) and
 * returns a handle to stop it cleanly. index.ts, the tests and the benchmarks all start it the same way.
 */
import { randomBytes } from 'node:crypto';
import { isLocalMode, isOpenAccess, type Config } from './config.js';
import type { Actor } from './domain/access/actor.js';
import { AreaCaseload } from './db/areaCaseload.js';
import { AuditLog } from './db/audit.js';
import { CaseRepository } from './db/cases.js';
import { connectDatabase, type DatabaseOptions } from './db/connect.js';
import { ConversationReferences } from './db/conversationReferences.js';
import { nextSequence } from './db/counters.js';
import { IncidentRepository } from './db/incidents.js';
import { IntentStore } from './db/intents.js';
import { InterventionRepository } from './db/interventions.js';
import { PreApplicationAssessmentRepository } from './db/preApplicationAssessments.js';
import { MeetingActionRepository } from './db/meetingActions.js';
import { MeetingRepository } from './db/meetings.js';
import { NominationRepository, TargetGroupRepository } from './db/targetGroups.js';
import { NoteRepository } from './db/notes.js';
import { RiskAssessmentRepository } from './db/riskAssessments.js';
import { VictimsMeetingReferralRepository } from './db/victimsMeetingReferrals.js';
import { VisitRepository } from './db/visits.js';
import { FiguresReader } from './db/figures.js';
import { TeamSettings } from './db/teamSettings.js';
import { LetterRepository } from './db/letters.js';
import { MongoTurnStateStorage } from './db/turnStateStorage.js';
import type { Deps } from './deps.js';
import { createWorkingCalendar } from './domain/calendar/createWorkingCalendar.js';
import { defaultCalendarRegion } from './domain/calendar/workingCalendar.js';
import { defaultAreas } from './domain/cases/areas.js';
import { useTimeZone } from './domain/calendar/timeZone.js';
import { defaultCaseReviewThresholds } from './domain/cases/caseReview.js';
import { interventionTypesFor } from './domain/interventions/interventionTypes.js';
import { systemClock, type Clock } from './domain/clock.js';
import { defaultQuestionSet } from './domain/risk/defaultQuestionSet.js';
import { createLogger, type Logger } from './log.js';
import { CaseFollowUp } from './reminders/caseFollowUp.js';
import { createReminderEngine, type ReminderEngine } from './reminders/engine.js';
import type { DispatcherOptions } from './reminders/dispatcher.js';
import { createProactiveAdapter } from './reminders/proactiveAdapter.js';
import { riskFollowUp } from './reminders/riskFollowUp.js';
import { teamEscalations } from './reminders/escalations.js';
import { markStaleConversationsJob, sweepIntentsJob } from './scheduler/housekeeping.js';
import { startScheduler, type JobDefinition, type Scheduler } from './scheduler/scheduler.js';
import { Downloads } from './security/downloads.js';
import { createHttpServer } from './server.js';
import { CaseFile } from './services/caseFile.js';
import { Intents, type FaultPlan } from './services/intents.js';
import { InterventionService } from './services/interventions.js';
import { MeetingService } from './services/meetings.js';
import { RiskService } from './services/riskAssessments.js';
import { VisitService } from './services/visits.js';
import { RosterService } from './services/roster.js';
import { RosterRepository } from './db/roster.js';
import { RosterNames } from './db/rosterNames.js';
import { createAdapter, createTeamsApp, type Feature, type TeamsApp } from './teams/app.js';
import { teamsRoster } from './teams/roster.js';
import { TurnsInProgress } from './turnsInProgress.js';
import { TurnReplyMeter } from './teams/turnReplies.js';
import { FiguresService } from './services/figures.js';
import { LetterService } from './services/letters.js';
import { registerCases } from './teams/cases/register.js';
import { registerReminders } from './teams/reminders/register.js';
import { registerInterventions } from './teams/interventions/register.js';
import { registerCaseReview } from './teams/caseReview/register.js';
import { CaseReviewVerbs } from './teams/caseReview/verbs.js';
import { CaseReviewService } from './services/caseReview.js';
import { CaseReviewRepository } from './db/caseReviews.js';
import { reportingAgencies } from './domain/caseReview/meeting.js';
import { areaName } from './domain/cases/areas.js';
import { postCaseReviewAgenda } from './teams/caseReview/meetingPost.js';
import { InterventionVerbs } from './teams/interventions/verbs.js';
import { notifyManagersOfLowering } from './teams/risk/loweringNotice.js';
import { tellCaseOfficer } from './teams/cases/partnerCards.js';
import { registerMeetings, tellActionOwners } from './teams/meetings/register.js';
import { registerRisk } from './teams/risk/register.js';
import { registerVisits } from './teams/visits/register.js';
import { registerGovernance } from './teams/governance/register.js';
import { auditCheckJobs } from './scheduler/auditChecks.js';
import { registerFigures } from './teams/figures/register.js';
import { registerLetters } from './teams/letters/register.js';
import { CaseDestruction } from './db/caseDestruction.js';
import { RetentionStore } from './db/retention.js';
import { retentionJobs } from './scheduler/retention.js';
import { RetentionService } from './services/retention.js';
import { retentionReviewCard } from './teams/governance/retentionCards.js';
import { ExportService } from './services/exports.js';
import { SubjectAccessService } from './services/subjectAccess.js';
import { SamePersonService } from './services/samePerson.js';
import { SubjectRequestStore } from './db/subjectRequests.js';
import { registerTeam } from './teams/team/register.js';

export interface StartOptions {
  clock?: Clock;
  logger?: Logger;
  /** 'memory' runs the embedded server without a data directory (tests). Defaults to config.dataDir. */
  dataDir?: string | 'memory';
  /** How often the scheduler polls for due jobs, in ms. */
  processEveryMs?: number;
  /** How long shutdown waits for turns in progress. */
  shutdownGraceMs?: number;
  /** Outbox delivery settings (tests shorten leases and waits). */
  dispatcher?: Partial<DispatcherOptions>;
  /** Database settings tests need: their own database on TEST_MONGODB_URI, or a failing embedded journal. */
  database?: Pick<DatabaseOptions, 'dbName' | 'embedded'>;
  /** Test seam: fails or kills the process after a step of a multi-step action (see services/intents.ts). */
  faults?: FaultPlan;
  /** How long an interrupted action waits before the sweep finishes it (tests shorten it). */
  intentLeaseMs?: number;
}

export interface Assistant {
  port: number;
  /** The Teams app, for tests that walk its route table. */
  teams: TeamsApp;
  url: string;
  deps: Deps;
  scheduler: Scheduler;
  reminderEngine: ReminderEngine;
  stop(): Promise<void>;
}

// Case Review first: its `case review` commands would otherwise be read as `case <reference>`; governance next, so
// `audit check` is not taken for `audit <reference>`.
const features: Feature[] = [registerCaseReview, registerGovernance, registerCases, registerRisk, registerReminders, registerInterventions, registerMeetings, registerVisits, registerFigures, registerLetters, registerTeam];

export async function startAssistant(config: Config, options: StartOptions = {}): Promise<Assistant> {
  const timings = startTimings();
  const logger = options.logger ?? createLogger(config.logLevel);
  useTimeZone(config.timeZone);
  const clock = options.clock ?? systemClock;
  if (isLocalMode(config)) {
    logger.warn('BOT_ID is not set: /api/messages accepts unauthenticated requests. This is for local use with the Agents Playground only.');
  }
  if (isOpenAccess(config)) {
    logger.warn('Local mode: neither BOT_ID nor ADMIN_IDS is set, so everyone is officer, manager and admin of one team per tenant and sees all its cases. Set ADMIN_IDS to apply the roster.');
  }
  if (config.managerIds.length > 0) logger.warn('MANAGER_IDS is deprecated: its people become managers of their tenant\'s team on first contact. Use the team card instead.');

  const database = await connectDatabase({ ...options.database, mongodbUri: config.mongodbUri, dataDir: options.dataDir ?? config.dataDir }, logger);
  timings.step('database');
  const cleanups: Array<() => Promise<void>> = [() => database.close()];
  try {
    const db = database.db;
    // Every collection's indexes are made at once; the bot is ready once all of them are (awaited below).
    const indexing: Array<Promise<unknown>> = [];
    const ensure = (...repositories: Array<{ ensureIndexes(): Promise<void> }>) => {
      for (const repository of repositories) indexing.push(noted(repository.ensureIndexes()));
    };
    const turns = new TurnsInProgress();
    const references = new ConversationReferences(db, () => turns.settled());
    cleanups.unshift(() => references.flush());
    const cases = new CaseRepository(db);
    const incidents = new IncidentRepository(db);
    const notes = new NoteRepository(db);
    const audit = new AuditLog(db, () => turns.settled());
    cleanups.unshift(() => audit.flush());
    const riskAssessments = new RiskAssessmentRepository(db);
    const referrals = new VictimsMeetingReferralRepository(db);
    const calendar = createWorkingCalendar(defaultCalendarRegion);
    const rosterRecords = new RosterRepository(db);
    ensure(rosterRecords, new RosterNames(db));
    const roster = new RosterService({
      roster: rosterRecords, audit, clock,
      settings: { localMode: isOpenAccess(config), adminIds: config.adminIds, managerIds: config.managerIds, defaultAreas },
    });
    const interventionRecords = new InterventionRepository(db);
    const intentStore = new IntentStore(db);
    ensure(intentStore);
    const intents = new Intents({ store: intentStore, clock, logger, faults: options.faults, leaseMs: options.intentLeaseMs });
    const escalations = teamEscalations(cases, roster);
    // The digest asks the retention schedule (made below) for undecided cases only when it runs.
    const retentionDue = { overdueDecisions: () => retention.overdueDecisions() };
    const turnReplies = new TurnReplyMeter();
    const engine = createReminderEngine({ db, clock, calendar, references, logger, escalations, cases, dispatcher: { turnReplies, ...options.dispatcher }, retention: retentionDue });
    const { reminders, outbox, planner } = engine;
    // The validator creates the audit collection, so its indexes come after it.
    indexing.push(noted(audit.applyValidator(logger).then(() => audit.ensureIndexes())));
    ensure(references, cases, notes, riskAssessments, reminders, outbox, interventionRecords, referrals);
    // Incidents stored before they carried their case's team and area get them once, before the bot is ready.
    indexing.push(noted(incidents.ensureIndexes().then(async () => {
      const placed = await incidents.backfillPlaces(clock.now());
      if (placed > 0) logger.info({ placed }, 'incidents given their case team and area');
    })));
    const preApplication = new PreApplicationAssessmentRepository(db);
    ensure(preApplication);
    const interventions = new InterventionService({
      cases, interventions: interventionRecords, notes, audit, clock, calendar, reminders, outcomeVerb: InterventionVerbs.outcomeForm,
      preApplication, types: interventionTypesFor(config.powers), intents,
    });
    const caseFollowUp = new CaseFollowUp({ reminders, outbox, cases, calendar, clock, audit, intents });
    const risk = new RiskService({ intents,
      cases, assessments: riskAssessments, referrals, audit, clock, questionSet: defaultQuestionSet, calendar,
      onAssessed: riskFollowUp({ reminders, outbox, calendar, escalations }),
      onLoweringRequested: notifyManagersOfLowering({ outbox, escalations }),
    });
    const targetGroups = new TargetGroupRepository(db);
    const nominations = new NominationRepository(db);
    const meetingRecords = new MeetingRepository(db);
    const meetingActions = new MeetingActionRepository(db);
    const caseReviewThresholdsOf = async (teamId: string, turnActor?: Actor) => (await roster.caseReviewSettingsOf(teamId, turnActor)).thresholds;
    const caseload = new AreaCaseload(db, defaultAreas, defaultCaseReviewThresholds, interventionRecords);
    ensure(targetGroups, nominations, meetingRecords, meetingActions, caseload);
    let linkSigningSecret = config.linkSigningSecret;
    if (!linkSigningSecret) {
      // loadConfig refuses this outside local mode; a config built another way must not get a throwaway secret either.
      if (!isLocalMode(config)) throw new Error('LINK_SIGNING_SECRET is required when BOT_ID is set.');
      linkSigningSecret = randomBytes(32).toString('base64url');
      logger.warn('LINK_SIGNING_SECRET is not set: minutes download links are signed with a random secret made for this process, so they stop working after a restart.');
    }
    let publicUrl = config.publicUrl ?? `http://localhost:${config.port}`;
    const downloads = new Downloads({ secret: linkSigningSecret, clock, publicUrl: () => publicUrl, actorFor: (tenantId, id) => roster.resolve(tenantId, id, '') });
    let caseReviewMeetings: CaseReviewService['meetings'];
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
      downloads,
      intents,
      tellActionOwners: tellActionOwners({ references, outbox }),
      areasOf: (teamId) => roster.areasOf(teamId),
      caseReviewFor: caseReviewThresholdsOf,
      afterEnded: async (meeting): Promise<void> => caseReviewMeetings?.meetingEnded(meeting),
    });
    downloads.register(meetings.minutesDownload());
    const caseFile = new CaseFile({
      intents,
      cases,
      incidents,
      notes,
      audit,
      clock,
      caseReview: defaultCaseReviewThresholds,
      caseReviewFor: caseReviewThresholdsOf,
      riskAssessments,
      nextCaseNumber: (year) => nextSequence(db, `case-reference-${year}`),
      reminders,
      onChanged: caseFollowUp.onCaseChanged,
      riskSteps: (current, history) => risk.caseRiskSteps(current, history),
      groupActions: (current) => meetings.caseGroupActions(current.id),
      onPartnerRequest: tellCaseOfficer(outbox),
    });
    const visitRecords = new VisitRepository(db);
    ensure(visitRecords);
    const visits = new VisitService({ cases, visits: visitRecords, audit, clock, afterVisit: (current, visit) => caseFollowUp.afterVisit(current, visit) });
    const figuresReader = new FiguresReader(db);
    ensure(figuresReader);
    const figures = new FiguresService({
      reader: figuresReader, settings: new TeamSettings(db), audit, clock, calendar, downloads, areas: defaultAreas,
    });
    for (const kind of figures.downloadKinds()) downloads.register(kind);
    const caseReviewRecords = new CaseReviewRepository(db);
    ensure(caseReviewRecords);
    const caseReview: CaseReviewService = new CaseReviewService({
      applications: caseReviewRecords, caseFile, audit, reminders, clock, calendar, leadsOf: async (teamId) => (await roster.managersOf(teamId)).map((m) => m.id), showVerb: CaseReviewVerbs.show,
      settingsFor: (teamId) => roster.caseReviewSettingsOf(teamId),
      meetingEngine: {
        groups: targetGroups, meetings: meetingRecords, actions: meetingActions, intents, postAgenda: postCaseReviewAgenda(outbox),
        reportingAgencies: async (teamId, current) => reportingAgencies(await roster.partnersOf(teamId), current),
        areaName: async (teamId, areaId) => areaName(await roster.areasOf(teamId), areaId),
        caseOf: (caseId) => cases.get(caseId),
      },
    });
    caseReviewMeetings = caseReview.meetings;
    downloads.register(caseReview.figuresDownload());
    const letterRecords = new LetterRepository(db);
    ensure(letterRecords);
    const letters = new LetterService({
      cases, interventions: interventionRecords, letters: letterRecords, audit, clock, downloads, templatesDir: config.letters.templatesDir,
      teamName: config.letters.teamName, contact: config.letters.contact, caseReviewFor: caseReviewThresholdsOf,
    });
    downloads.register(letters.downloadKind());
    const retentionStore = new RetentionStore(db);
    ensure(retentionStore);
    const retention = new RetentionService({
      store: retentionStore, destruction: new CaseDestruction(db, audit, clock), intents, audit, clock, outbox, managersOf: async (teamId) => roster.managersOf(teamId),
      reviewCard: (_teamId, review) => retentionReviewCard(review),
    });
    const exportService = new ExportService({ cases, audit, downloads, clock });
    for (const kind of exportService.kinds()) downloads.register(kind);
    const subjectRequests = new SubjectRequestStore(db);
    ensure(subjectRequests);
    const subjectAccess = new SubjectAccessService({
      cases, incidents, notes, meetings: meetingRecords, meetingActions, requests: subjectRequests, reminders, audit, downloads, intents, clock, calendar,
      forgetFinishedActionsNaming: (names) => intentStore.forgetFinishedMentioning(names),
    });
    downloads.register(subjectAccess.downloadKind());
    const deps: Deps = {
      config,
      clock,
      calendar,
      logger,
      turns,
      db: database.db,
      storage: new MongoTurnStateStorage(database.db, clock),
      audit,
      references,
      caseFile,
      risk,
      reminders,
      outbox,
      planner,
      caseFollowUp,
      interventions,
      meetings,
      downloads,
      visits,
      roster,
      intents,
      figures,
      caseReview,
      letters,
      retention,
      exports: exportService,
      subjectAccess,
      samePerson: new SamePersonService({ cases, intents, audit, clock }),
    };
    await Promise.all(indexing);
    timings.step('indexes');
    const adapter = createAdapter(config);
    turnReplies.watch(adapter);
    const teams = createTeamsApp(deps, features, adapter);
    // Roster names read beside turns are written before the database closes.
    cleanups.unshift(() => teamsRoster(deps).flush());
    engine.startDelivery(createProactiveAdapter(config), config.bot.id ?? '');
    cleanups.unshift(() => engine.stop());

    // Actions interrupted by a crash are finished before the bot takes new work, then every minute.
    await intents.sweep();
    timings.step('intentSweep');
    const jobs: JobDefinition[] = [markStaleConversationsJob(references, clock), sweepIntentsJob(intents), ...engine.jobs];
    jobs.push(...auditCheckJobs({ audit, outbox, clock, logger, escalations, timeZone: config.timeZone }));
    jobs.push(...retentionJobs(retention, config.timeZone));
    const scheduler = await startScheduler(database.db, jobs, { processEveryMs: options.processEveryMs ?? 5000 }, logger);
    cleanups.unshift(() => scheduler.stop());
    timings.step('scheduler');

    const http = createHttpServer({
      adapter: teams.adapter,
      handleTurn: teams.handleTurn,
      isReady: async () => scheduler.isRunning() && (await database.ping()),
      logger,
      download: (url) => downloads.serve(url),
    });
    const port = await http.listen(config.port, config.host);
    if (!config.publicUrl) publicUrl = `http://localhost:${port}`;
    cleanups.unshift(() => http.close(options.shutdownGraceMs ?? 10_000));
    timings.step('listen');
    logger.info({ port, startMs: timings.steps, startCpuMs: timings.cpu }, 'ASB Case Assistant listening');

    let stopping: Promise<void> | undefined;
    return {
      port,
      url: `http://127.0.0.1:${port}`,
      deps,
      teams,
      scheduler,
      reminderEngine: engine,
      stop: () => (stopping ??= runCleanups(cleanups, logger)),
    };
  } catch (error) {
    await runCleanups(cleanups, logger);
    throw error;
  }
}

/**
 * How long each step of the start took, in ms of wall time and of CPU time, for the start-up log line
 * (`npm run bench -- cold-start` prints it). `beforeStart` is the time from the process's start to this call: Node
 * itself, loading the modules, the config.
 */
function startTimings(): { steps: Record<string, number>; cpu: Record<string, number>; step(name: string): void } {
  const cpuNow = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  let last = performance.now();
  let lastCpu = cpuNow();
  const steps: Record<string, number> = { beforeStart: Math.round(last) };
  const cpu: Record<string, number> = { beforeStart: Math.round(lastCpu) };
  return {
    steps,
    cpu,
    step: (name) => {
      const now = performance.now();
      const nowCpu = cpuNow();
      steps[name] = Math.round(now - last);
      cpu[name] = Math.round(nowCpu - lastCpu);
      last = now;
      lastCpu = nowCpu;
    },
  };
}

/** The promise, with its failure left for `Promise.all` to report (not an unhandled rejection if the start fails first). */
function noted<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
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
