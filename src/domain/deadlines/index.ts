export * from './deadline.js';
export * from './deadlineRules.js';
export * from './deadlineDates.js';
export * from './riskDeadlines.js';
