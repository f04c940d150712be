/** Everything a feature needs, created once in startup.ts and handed to each feature's register function. */
import type { Storage } from 'botbuilder';
import type { Db } from 'mongodb';
import type { Config } from './config.js';
import type { ConversationReferences } from './db/conversationReferences.js';
import type { Clock } from './domain/clock.js';
import type { Logger } from './log.js';
import type { CaseFile } from './services/caseFile.js';
import type { RiskService } from './services/riskAssessments.js';

export interface Deps {
  config: Config;
  clock: Clock;
  logger: Logger;
  db: Db;
  storage: Storage;
  references: ConversationReferences;
  caseFile: CaseFile;
  risk: RiskService;
}
