/**
 * Structured JSON logs. Log ids, types, counts and timings only: never message text, names or card values,
 * which carry personal data about victims and perpetrators.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'asb-case-assistant' },
    // A safety net: if a field with one of these names is ever logged, its value is replaced.
    redact: { paths: ['text', '*.text', 'value', '*.value', 'name', '*.name', 'from.name', 'recipient.name'], censor: '[redacted]' },
  });
}
