/**
 * Letters on a case: offer the ones that fit, make one (the template is filled first, so a broken template makes
 * nothing: no record, no change to the case), record who it was sent to and how, and serve the document behind a
 * signed link, made again from the record each time.
 */
import { dayText } from '../domain/calendar/format.js';
import type { AuditLog } from '../db/audit.js';
import type { CaseRepository } from '../db/cases.js';
import type { InterventionRepository } from '../db/interventions.js';
import type { LetterRepository } from '../db/letters.js';
import type { LocalDate } from '../domain/calendar/localDate.js';
import { mayCase } from '../domain/access/index.js';
import type { Case } from '../domain/cases/case.js';
import type { CaseReviewThresholds } from '../domain/cases/caseReview.js';
import type { Clock } from '../domain/clock.js';
import { mayWriteOnCase } from '../domain/figures/access.js';
import { letterFieldsFor, lettersThatFit, type LetterChoice, type LetterRecord, type SendingMethod } from '../domain/letters/letter.js';
import type { LetterTypeId } from '../domain/letters/letterTypes.js';
import { LetterTemplateError, renderLetter } from '../documents/letters.js';
import { contentTypes, safeFilename, type DownloadKind, type Downloads } from '../security/downloads.js';
import { newId } from '../domain/cases/ids.js';
import type { Officer } from './caseFile.js';

export const LETTERS_DOWNLOAD = 'letters';

export interface LetterRequest {
  letterId: string;
  type: LetterTypeId;
  recipientId: string;
  abcTerms?: string[];
  /** Typed on the form when the parent or guardian is not yet recorded on the person. */
  parentOrGuardian?: { name: string; address: string };
}

export type LetterOutcome =
  | { ok: true; record: LetterRecord; url: string }
  | { ok: false; kind: 'not-found' | 'no-edit' | 'does-not-fit' | 'needs-parent' | 'needs-terms' }
  | { ok: false; kind: 'template'; message: string };

export interface LetterServiceDeps {
  cases: Pick<CaseRepository, 'get' | 'save'>;
  interventions: Pick<InterventionRepository, 'forCase'>;
  letters: LetterRepository;
  audit: AuditLog;
  clock: Clock;
  downloads: Downloads;
  templatesDir?: string;
  teamName: string;
  contact: string;
  /** The team's own ASB Case Review thresholds (its settings): the closure letter tells the victim when they can ask for one. */
  caseReviewFor(teamId: string): Promise<CaseReviewThresholds>;
}

// A letter's dates: a calendar day as written ('14 January 2027'), an instant on local clocks (TIMEZONE).
const dayMonthYear = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const formatDate = (d: string | Date) => (typeof d === 'string' ? dayMonthYear.format(new Date(`${d}T12:00:00Z`)) : dayText(d));

export class LetterService {
  constructor(private readonly deps: LetterServiceDeps) {}

  async choices(caseId: string, officer: Officer): Promise<{ ok: true; case: Case; choices: LetterChoice[] } | { ok: false; kind: 'not-found' | 'no-edit' }> {
    const current = await this.deps.cases.get(caseId);
    if (!current) return { ok: false, kind: 'not-found' };
    if (!mayWriteOnCase(officer, current)) return { ok: false, kind: 'no-edit' };
    return { ok: true, case: current, choices: lettersThatFit(current, this.deps.clock.now()) };
  }

  async make(caseId: string, request: LetterRequest, officer: Officer): Promise<LetterOutcome> {
    const offered = await this.choices(caseId, officer);
    if (!offered.ok) return offered;
    let current = offered.case;
    const choice = offered.choices.find((c) => c.type === request.type && c.recipientId === request.recipientId);
    if (!choice) return { ok: false, kind: 'does-not-fit' };
    if (request.type === 'abc-agreement' && !request.abcTerms?.length) return { ok: false, kind: 'needs-terms' };
    const recorded = current.perpetrators.find((p) => p.id === request.recipientId)?.parentOrGuardian;
    const parent = request.parentOrGuardian ?? recorded;
    if (choice.needsParentCopy && !parent) return { ok: false, kind: 'needs-parent' };
    const now = this.deps.clock.now();
    // The same form sent twice makes one letter; the form reused for another letter makes a new one.
    const existing = await this.deps.letters.get(request.letterId);
    const same = existing?.caseId === caseId && existing.type === request.type && existing.recipientId === request.recipientId;
    const record: LetterRecord = {
      id: existing && !same ? newId() : request.letterId, caseId, teamId: current.teamId, type: request.type, recipientId: request.recipientId, parentCopy: choice.needsParentCopy,
      ...(request.abcTerms?.length ? { abcTerms: request.abcTerms } : {}), createdBy: officer.id, createdByName: officer.name, createdAt: now,
    };
    const withParent = parent && choice.needsParentCopy && !recorded ? this.withParent(current, request.recipientId, parent, now) : current;
    try {
      await this.render(record, withParent, officer.name);
    } catch (error) {
      if (error instanceof LetterTemplateError) return { ok: false, kind: 'template', message: error.message };
      throw error;
    }
    if (withParent !== current) current = await this.deps.cases.save(withParent);
    if (!same) {
      await this.deps.letters.insert(record);
      await this.audit(officer, 'create', record.id, current.reference, ['type', 'recipientId', ...(record.parentCopy ? ['parentCopy'] : [])]);
    }
    return { ok: true, record: same ? existing : record, url: this.deps.downloads.link(LETTERS_DOWNLOAD, record.id, officer).url };
  }

  async recordSending(letterId: string, method: SendingMethod, on: LocalDate, officer: Officer): Promise<LetterRecord | undefined> {
    const record = await this.deps.letters.get(letterId);
    const current = record ? await this.deps.cases.get(record.caseId) : undefined;
    if (!record || !current || !mayWriteOnCase(officer, current)) return undefined;
    const sent = { method, on, by: officer.id };
    await this.deps.letters.recordSending(letterId, sent);
    await this.audit(officer, 'update', letterId, current.reference, ['sent']);
    return { ...record, sent };
  }

  /** A letter record, for someone who may still change its case. */
  async get(letterId: string, officer: Officer): Promise<LetterRecord | undefined> {
    const record = await this.deps.letters.get(letterId);
    const current = record ? await this.deps.cases.get(record.caseId) : undefined;
    return record && current && mayWriteOnCase(officer, current) ? record : undefined;
  }

  private withParent(current: Case, perpetratorId: string, parent: { name: string; address: string }, at: Date): Case {
    return {
      ...current,
      perpetrators: current.perpetrators.map((p) => (p.id === perpetratorId ? { ...p, parentOrGuardian: parent } : p)),
      updatedAt: at,
      version: current.version + 1,
    };
  }

  private async render(record: LetterRecord, current: Case, officerName: string): Promise<Buffer> {
    const fields = letterFieldsFor(record, {
      current, interventions: await this.deps.interventions.forCase(current.id), officer: { name: officerName, contact: this.deps.contact },
      teamName: this.deps.teamName, longDate: formatDate, now: this.deps.clock.now(), caseReview: await this.deps.caseReviewFor(current.teamId),
    });
    if (!fields) throw new LetterTemplateError('The person this letter is addressed to is no longer on the case.');
    return renderLetter(record.type, fields, this.deps.templatesDir);
  }

  /** Letters are made again for each download, for a person who may still see the case, and the download is audited. */
  downloadKind(): DownloadKind {
    return {
      name: LETTERS_DOWNLOAD,
      extension: 'docx',
      produce: async (id, actor) => {
        const record = await this.deps.letters.get(id);
        const current = record ? await this.deps.cases.get(record.caseId) : undefined;
        if (!record || !current || !mayCase(actor, 'view', current)) return undefined;
        const body = await this.render(record, current, record.createdByName);
        await this.deps.audit.record({ at: this.deps.clock.now(), actorId: actor.id, actorName: actor.name, teamId: actor.teamId, action: 'export', entity: 'letter', entityId: id, caseReference: current.reference, changedFields: [] });
        return { filename: safeFilename(`${current.reference} ${record.type}`, 'docx', 'letter'), contentType: contentTypes.docx, body };
      },
    };
  }

  private async audit(officer: Officer, action: 'create' | 'update', entityId: string, caseReference: string, changedFields: string[]): Promise<void> {
    await this.deps.audit.record({ at: this.deps.clock.now(), actorId: officer.id, actorName: officer.name, action, entity: 'letter', entityId, caseReference, changedFields });
  }
}
