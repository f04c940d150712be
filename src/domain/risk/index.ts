export * from './questionSet.js';
export * from './defaultQuestionSet.js';
export * from './scoring.js';
export * from './override.js';
export * from './riskAssessment.js';
export * from './victimsMeetingReferral.js';
