/** Due dates the way officers say them: "Wednesday 30 December 2026" (the one formatter, in domain/calendar). */
export { longDate } from '../../domain/calendar/format.js';
