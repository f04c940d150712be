/**
 * Letters from the council's own Word templates, filled with docxtemplater. The template for a letter type is
 * `<LETTER_TEMPLATES_DIR>/<type>.docx`, falling back to the plain default shipped in templates/letters/. A
 * template that is broken (a malformed tag, a tag that is not a letter field, or a required tag missing) is
 * refused with a message naming the tag, and no document is made. Nothing is written to disk. Each template is
 * read and checked once per process (again when its file changes); each letter parses those bytes afresh.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Docxtemplater from 'docxtemplater';
import inspectModule from 'docxtemplater/js/inspect-module.js';
import PizZip from 'pizzip';
import { letterFields, requiredTags, type LetterTypeId } from '../domain/letters/letterTypes.js';

export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/letters/', import.meta.url));

export interface LetterCopy {
  recipientName: string;
  recipientAddress: string;
  isParentCopy: boolean;
  subjectName: string;
  warningStage?: string;
  servedOn?: string;
  monitoringEnd?: string;
  abcTerms?: string;
  closureReason?: string;
  incidentCount?: string;
  caseReviewMonths?: string;
}

export interface LetterData {
  caseReference: string;
  date: string;
  officerName: string;
  officerContact: string;
  teamName: string;
  copies: LetterCopy[];
}

/** A template that cannot make a proper letter; `message` names the file and the tag, and is safe to show. */
export class LetterTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LetterTemplateError';
  }
}

const fields = new Set<string>([...letterFields.top, ...letterFields.perCopy]);

function templatePath(dir: string | undefined, type: LetterTypeId): string {
  const own = dir ? join(dir, `${type}.docx`) : undefined;
  return own && existsSync(own) ? own : join(DEFAULT_TEMPLATES_DIR, `${type}.docx`);
}

interface TemplateErrorDetail {
  properties?: { id?: string; xtag?: string; explanation?: string; errors?: TemplateErrorDetail[] };
  message?: string;
}

function describe(error: unknown, file: string): string {
  const details = ((error as TemplateErrorDetail).properties?.errors ?? [error as TemplateErrorDetail]).slice(0, 3);
  const lines = details.map((d) => (d.properties?.xtag ? `the tag {${d.properties.xtag}}: ${d.properties.explanation ?? d.message}` : (d.properties?.explanation ?? d.message ?? 'it cannot be read')));
  return `The letter template ${file} is broken: ${lines.join('; ')}. Fix it in Word, or remove it to use the default.`;
}

/** A template read and checked: its bytes stay in memory, keyed by the file's path, size and modification time. */
interface CheckedTemplate {
  stamp: string;
  bytes: Buffer;
}
const checked = new Map<string, CheckedTemplate>();

/** The template's bytes, read and checked once per process (again only when the file changes). */
function checkedTemplate(path: string, file: string): Buffer {
  const stats = statSync(path);
  const stamp = `${stats.size}:${stats.mtimeMs}`;
  const known = checked.get(path);
  if (known?.stamp === stamp) return known.bytes;
  const bytes = readFileSync(path);
  check(bytes, file);
  checked.set(path, { stamp, bytes });
  return bytes;
}

/** Throws a LetterTemplateError unless the template parses and its tags are letter fields, the required ones included. */
function check(bytes: Buffer, file: string): void {
  // The module exports a factory, though its types declare a class.
  const inspect = (inspectModule as unknown as () => { getAllTags(): Record<string, unknown> })();
  try {
    new Docxtemplater(new PizZip(bytes), { paragraphLoop: true, linebreaks: true, modules: [inspect as never] });
  } catch (error) {
    throw new LetterTemplateError(describe(error, file));
  }
  const tags = Object.keys(inspect.getAllTags());
  const nested = (inspect.getAllTags().copies ?? {}) as Record<string, unknown>;
  const used = new Set([...tags, ...Object.keys(nested)]);
  const unknown = [...used].filter((tag) => !fields.has(tag));
  if (unknown.length > 0) throw new LetterTemplateError(`The letter template ${file} uses {${unknown[0]}}, which is not a letter field. The fields are: ${[...fields].join(', ')}.`);
  const missing = requiredTags.filter((tag) => !used.has(tag));
  if (missing.length > 0) throw new LetterTemplateError(`The letter template ${file} has no {${missing[0]}} tag. Every letter needs ${requiredTags.map((t) => `{${t}}`).join(', ')} (the body inside {#copies}…{/copies}).`);
}

export function renderLetter(type: LetterTypeId, data: LetterData, templatesDir?: string): Buffer {
  const path = templatePath(templatesDir, type);
  const file = path.split(/[\\/]/).pop()!;
  const bytes = checkedTemplate(path, file);
  try {
    const doc = new Docxtemplater(new PizZip(bytes), { paragraphLoop: true, linebreaks: true, nullGetter: () => '' });
    doc.render(data);
    return doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' });
  } catch (error) {
    throw new LetterTemplateError(describe(error, file));
  }
}
