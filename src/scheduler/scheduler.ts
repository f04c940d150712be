/**
 * The job scheduler: agenda 6 on the same database as everything else, so scheduled work survives restarts
 * and two app instances never run the same job twice (agenda locks each job in the database).
 */
import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda, type Job } from 'agenda';
import type { Db } from 'mongodb';
import type { Logger } from '../log.js';

export interface JobDefinition {
  name: string;
  run(job: Job<unknown>): Promise<void>;
  /** When set, the job recurs at this interval (agenda syntax, e.g. '1 day', or a cron expression). */
  every?: string;
  /** The time zone of a cron `every` (e.g. Europe/London, so 08:30 stays 08:30 across the clock changes). */
  timezone?: string;
}

export interface Scheduler {
  agenda: Agenda;
  isRunning(): boolean;
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  /** How often agenda polls for due jobs. It must be a number: agenda misreads some strings. */
  processEveryMs: number;
}

export async function startScheduler(db: Db, jobs: JobDefinition[], options: SchedulerOptions, logger: Logger): Promise<Scheduler> {
  const agenda = new Agenda({ backend: new MongoBackend({ mongo: db }), processEvery: options.processEveryMs, name: 'asb-case-assistant' });
  for (const job of jobs) {
    agenda.define(job.name, async (running: Job<unknown>) => {
      const started = Date.now();
      try {
        await job.run(running);
        logger.info({ job: job.name, ms: Date.now() - started }, 'job finished');
      } catch (error) {
        logger.error({ job: job.name, err: error instanceof Error ? error.message : String(error) }, 'job failed');
        throw error;
      }
    });
  }
  await agenda.start();
  // One upsert per recurring job, all at once (as agenda does for a list of names).
  await Promise.all(jobs.filter((job) => job.every).map((job) => agenda.every(job.every!, job.name, undefined, job.timezone ? { timezone: job.timezone } : {})));
  let running = true;
  return {
    agenda,
    isRunning: () => running,
    stop: async () => {
      if (!running) return;
      running = false;
      await agenda.stop(false);
    },
  };
}
