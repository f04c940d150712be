/** Stable ids for people, incidents and notes. Kept behind one function so tests can pass their own. */
import { randomUUID } from 'node:crypto';

export type NewId = () => string;

export const newId: NewId = () => randomUUID();
