/**
 * Case notes: correspondence and decisions. Append-only: a note is never edited;
 * a correction is a new note that points at the one it corrects.
 */
import { z } from 'zod';

export const MAX_NOTE_LENGTH = 4000;

export const caseNoteSchema = z.object({
  id: z.string().min(1),
  caseId: z.string().min(1),
  author: z.string().min(1),
  authorName: z.string().optional(),
  at: z.date(),
  text: z.string().trim().min(1, 'Write the note').max(MAX_NOTE_LENGTH),
  correctsNoteId: z.string().min(1).optional(),
});
export type CaseNote = z.infer<typeof caseNoteSchema>;

export interface NoteAuthor {
  id: string;
  name?: string;
}

export function writeNote(caseId: string, text: string, by: NoteAuthor, at: Date, id: string): CaseNote {
  const note: CaseNote = { id, caseId, author: by.id, at, text: text.trim() };
  if (by.name) note.authorName = by.name;
  return note;
}

export function correctionOf(note: CaseNote, text: string, by: NoteAuthor, at: Date, id: string): CaseNote {
  return { ...writeNote(note.caseId, text, by, at, id), correctsNoteId: note.id };
}

/** Ids of notes that a later note corrects, so a card can mark them "corrected". */
export function correctedNoteIds(notes: readonly CaseNote[]): Set<string> {
  return new Set(notes.flatMap((note) => (note.correctsNoteId ? [note.correctsNoteId] : [])));
}
