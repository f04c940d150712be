/** Target group meetings: the pure rules (issue 6). */
export { describeDate, londonTimeOf } from './dates.js';
export * from './caseSummary.js';
export * from './privacy.js';
export * from './targetGroup.js';
export * from './agenda.js';
export * from './actions.js';
export * from './meeting.js';
export * from './minutes.js';
export * from './schemas.js';
export * from './change.js';
