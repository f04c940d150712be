/**
 * Subject access, rectification and erasure for the team's managers (src/domain/governance/subjectAccess.ts).
 * Each write is one resumable intent (src/services/intents.ts): the request, its due-date reminder and its
 * audit entry; a correction and its audit entry; an erasure across the case, its texts and the minutes. The
 * pack is served through the one signed-download mechanism, rebuilt from the records at each download.
 */
import { createHash } from 'node:crypto';
import type { AuditLog } from '../db/audit.js';
import type { AuditAction, AuditEntity } from '../domain/cases/audit.js';
import { CaseVersionConflict, type CaseRepository } from '../db/cases.js';
import type { IncidentRepository } from '../db/incidents.js';
import type { MeetingActionRepository } from '../db/meetingActions.js';
import { MeetingVersionConflict, type MeetingRepository } from '../db/meetings.js';
import type { NoteRepository } from '../db/notes.js';
import type { AccessRequest, SubjectRecord, SubjectRequestStore } from '../db/subjectRequests.js';
import type { Actor } from '../domain/access/index.js';
import { londonDate, type LocalDate } from '../domain/calendar/localDate.js';
import type { WorkingCalendar } from '../domain/calendar/workingCalendar.js';
import type { Case } from '../domain/cases/case.js';
import type { Clock } from '../domain/clock.js';
import { GOVERN_REFUSED, mayGovern } from '../domain/governance/governors.js';
import { withNamesStruck } from '../domain/governance/destruction.js';
import {
  candidatesFor, MAX_CANDIDATES, REMOVED_PERSON, responseDue, type Candidate, type Rectification, type SubjectQuery, corrected, erased, isCorrected, personOn, correctableFields, type PersonDetails,
} from '../domain/governance/subjectAccess.js';
import { packSection, type SubjectAccessPack } from '../domain/governance/subjectAccessPack.js';
import { replaceNames } from '../domain/privacy/masking.js';
import type { Reminders } from '../reminders/ports.js';
import { subjectAccessToDocx } from '../documents/subjectAccessDocx.js';
import { contentTypes, safeFilename, type DownloadKind, type Downloads } from '../security/downloads.js';
import { StepRefused, type IntentKind, type Intents } from './intents.js';

export const SUBJECT_ACCESS_DOWNLOAD = 'subject-access';
const PAGE = 1_000;
const MARKING = 'OFFICIAL-SENSITIVE: personal data, for the requester only';
/** A record the person is only named in (no person id on that case). */
export const NAMED_IN_TEXT = 'text';

export interface SubjectAccessDeps {
  cases: CaseRepository;
  incidents: IncidentRepository;
  notes: NoteRepository;
  meetings: MeetingRepository;
  meetingActions: MeetingActionRepository;
  requests: SubjectRequestStore;
  reminders: Reminders;
  audit: AuditLog;
  downloads: Downloads;
  intents: Intents;
  clock: Clock;
  calendar: WorkingCalendar;
  /** Finished recorded actions (intents) whose payload names the person, removed on erasure. */
  forgetFinishedActionsNaming(names: readonly string[]): Promise<number>;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

export interface Search {
  candidates: Candidate[];
  /** Cases whose incident accounts or notes name the person while they are not recorded on them. */
  namedIn: Array<{ caseId: string; reference: string }>;
  tooMany: boolean;
}

interface Opening { request: AccessRequest }
interface Correcting { caseId: string; personId: string; fromVersion: number; changes: Rectification; changedFields: string[]; was: Record<string, string>; by: { id: string; name: string }; teamId: string; reference: string }
interface Erasing { requestId: string; caseId: string; personId: string; reason: string; by: { id: string; name: string }; teamId: string; reference: string }

const refused = <T>(): Outcome<T> => ({ ok: false, message: GOVERN_REFUSED });
const NOT_FOUND = 'That record is not on one of your team\'s cases.';
/** A hash of the old value: it proves a claimed old value later, and keeps it out of the audit in clear. */
const hashOf = (caseId: string, field: string, value: string) => createHash('sha256').update(`${caseId}\u0000${field}\u0000${value}`).digest('hex').slice(0, 32);

export class SubjectAccessService {
  private readonly opening: IntentKind<Opening>;
  private readonly correcting: IntentKind<Correcting>;
  private readonly erasing: IntentKind<Erasing>;

  constructor(private readonly deps: SubjectAccessDeps) {
    this.opening = deps.intents.define<Opening>('subject-access.open', [
      { name: 'request', run: ({ request }) => deps.requests.put(request) },
      {
        name: 'reminder', run: ({ request }) => deps.reminders.schedule({
          key: `subject-access:${request._id}`, kind: 'subject-access', label: `Answer the subject access request received ${request.receivedOn} (${request._id.slice(0, 8)})`,
          dueDate: request.dueOn, recipient: { tenantId: request.tenantId, aadObjectId: request.requestedBy.id },
        }),
      },
      { name: 'audit', run: ({ request }) => this.audited(request.requestedBy, request.teamId, 'create', 'subject-access', request._id, [], { records: request.subjects.length, dueOn: request.dueOn }, `subject-access:${request._id}`) },
    ]);
    this.correcting = deps.intents.define<Correcting>('subject-access.rectify', [
      { name: 'case', run: (c) => this.correctCase(c) },
      { name: 'audit', run: (c) => this.audited(c.by, c.teamId, 'update', 'person', c.personId, c.changedFields, c.was, `rectify:${c.caseId}:${c.personId}:${c.fromVersion}`, c.reference) },
    ]);
    this.erasing = deps.intents.define<Erasing>('subject-access.erase', [
      { name: 'request', run: (e) => deps.requests.put({ _id: e.requestId, kind: 'erasure', teamId: e.teamId, decidedBy: e.by, caseId: e.caseId, personId: e.personId, reason: e.reason, createdAt: deps.clock.now() }) },
      // The name is read from the case until the last step removes it, so the intent never has to hold it.
      { name: 'texts', run: (e) => this.strikeTexts(e) },
      { name: 'minutes', run: (e) => this.strikeMinutes(e) },
      { name: 'recorded-actions', run: (e) => this.forgetRecordedActions(e) },
      { name: 'case', run: (e) => this.eraseFromCase(e) },
      { name: 'audit', run: (e) => this.audited(e.by, e.teamId, 'delete', 'person', e.personId, ['person'], { request: e.requestId.slice(0, 36) }, `erase:${e.requestId}`, e.reference) },
    ]);
  }

  downloadKind(): DownloadKind {
    return { name: SUBJECT_ACCESS_DOWNLOAD, extension: 'docx', produce: (id, issuedTo) => this.producePack(id, issuedTo) };
  }

  /** Everyone on the team's cases who may be the person, and the cases whose records name them. */
  async search(actor: Actor, query: SubjectQuery): Promise<Outcome<Search>> {
    if (!mayGovern(actor, 'subject-access') || !actor.teamId) return refused();
    const byReference = await this.deps.cases.findByReference(query.text);
    if (byReference) {
      if (byReference.teamId !== actor.teamId) return { ok: true, value: { candidates: [], namedIn: [], tooMany: false } };
      return { ok: true, value: { candidates: candidatesFor(query, [byReference], true), namedIn: [], tooMany: false } };
    }
    const cases = await this.teamCases(actor.teamId);
    const candidates = candidatesFor(query, cases, false);
    const recorded = new Set(candidates.map((c) => c.caseId));
    const caseIds = cases.map((c) => c.id);
    const texts = [...await this.deps.incidents.mentioning(caseIds, query.text), ...await this.deps.notes.mentioning(caseIds, query.text)];
    const byId = new Map(cases.map((c) => [c.id, c]));
    const namedIn = [...new Set(texts.map((t) => t.caseId))].filter((id) => !recorded.has(id)).flatMap((id) => (byId.get(id) ? [{ caseId: id, reference: byId.get(id)!.reference }] : []));
    await this.audited(actor, actor.teamId, 'search', 'subject-access', actor.teamId, [], { found: candidates.length + namedIn.length });
    return { ok: true, value: { candidates: candidates.slice(0, MAX_CANDIDATES), namedIn: namedIn.slice(0, MAX_CANDIDATES), tooMany: candidates.length + namedIn.length > MAX_CANDIDATES } };
  }

  /**
   * Records the request with the records the manager confirmed (each checked to be on the team's cases, not
   * taken from the card), its due date as a reminder to the manager, and an audit entry; gives the pack's link.
   */
  async open(actor: Actor, receivedOn: LocalDate, picks: readonly SubjectRecord[], key: string): Promise<Outcome<{ dueOn: LocalDate; url: string; expiresAt: Date }>> {
    if (!mayGovern(actor, 'subject-access') || !actor.teamId) return refused();
    if (receivedOn > londonDate(this.deps.clock.now())) return { ok: false, message: 'The date the request was received can\'t be in the future.' };
    const subjects: SubjectRecord[] = [];
    for (const pick of picks) {
      const found = await this.deps.cases.get(pick.caseId);
      if (!found || found.teamId !== actor.teamId) return { ok: false, message: NOT_FOUND };
      if (pick.personId !== NAMED_IN_TEXT && !personOn(found, pick.personId)) return { ok: false, message: NOT_FOUND };
      subjects.push({ caseId: pick.caseId, personId: pick.personId });
    }
    const { payload } = await this.deps.intents.run(this.opening, `${actor.teamId}:${key}`, () => ({
      request: {
        _id: createHash('sha256').update(`${actor.teamId}:${key}`).digest('hex').slice(0, 24), kind: 'access' as const, teamId: actor.teamId!, tenantId: actor.tenantId,
        requestedBy: { id: actor.id, name: actor.name }, receivedOn, dueOn: responseDue(receivedOn, this.deps.calendar), subjects, createdAt: this.deps.clock.now(),
      },
    }));
    const link = this.deps.downloads.link(SUBJECT_ACCESS_DOWNLOAD, payload.request._id, actor);
    return { ok: true, value: { dueOn: payload.request.dueOn, ...link } };
  }

  /** The person's details as recorded, for the correction form. */
  async person(actor: Actor, caseId: string, personId: string): Promise<Outcome<{ case: Case; person: PersonDetails }>> {
    if (!mayGovern(actor, 'subject-access')) return refused();
    const found = await this.deps.cases.get(caseId);
    const person = found && found.teamId === actor.teamId ? personOn(found, personId) : undefined;
    return found && person && person.name !== REMOVED_PERSON ? { ok: true, value: { case: found, person } } : { ok: false, message: NOT_FOUND };
  }

  /** Rectification (art. 16): the corrected details saved, the old values kept in the audit only as hashes. */
  async rectify(actor: Actor, caseId: string, personId: string, changes: Rectification, key: string): Promise<Outcome<{ reference: string; changed: string[] }>> {
    const current = await this.person(actor, caseId, personId);
    if (!current.ok) return current;
    const { case: found, person } = current.value;
    const fields = correctableFields.filter((field) => changes[field] !== undefined && changes[field] !== person[field]);
    if (fields.length === 0) return { ok: true, value: { reference: found.reference, changed: [] } };
    try {
      await this.deps.intents.run(this.correcting, `${caseId}:${personId}:${key}`, () => ({
        caseId, personId, fromVersion: found.version, changes, changedFields: fields.map((f) => `person.${f}`), teamId: found.teamId, reference: found.reference, by: { id: actor.id, name: actor.name },
        was: Object.fromEntries(fields.map((f) => [`was.${f}`, hashOf(caseId, f, person[f] ?? '')])),
      }));
    } catch (error) {
      if (error instanceof StepRefused) return { ok: false, message: 'Someone changed this case while you were correcting it. Open it again and retry.' };
      throw error;
    }
    return { ok: true, value: { reference: found.reference, changed: fields } };
  }

  /** Erasure (art. 17), where lawful: the person becomes "[removed]" on the case and in its records; the case stays. */
  async erase(actor: Actor, caseId: string, personId: string, reason: string, key: string): Promise<Outcome<{ reference: string }>> {
    const current = await this.person(actor, caseId, personId);
    if (!current.ok) return current;
    const found = current.value.case;
    await this.deps.intents.run(this.erasing, `${caseId}:${personId}:${key}`, () => ({
      requestId: createHash('sha256').update(`erase:${caseId}:${personId}:${key}`).digest('hex').slice(0, 24),
      caseId, personId, reason, by: { id: actor.id, name: actor.name }, teamId: found.teamId, reference: found.reference,
    }));
    return { ok: true, value: { reference: found.reference } };
  }

  private async teamCases(teamId: string): Promise<Case[]> {
    const all: Case[] = [];
    for (let page = 0; ; page++) {
      const found = await this.deps.cases.list({ teamIds: [teamId] }, page, PAGE);
      all.push(...found.items);
      if ((page + 1) * PAGE >= found.total) return all;
    }
  }

  private async correctCase(c: Correcting): Promise<void> {
    const found = await this.deps.cases.get(c.caseId);
    if (!found) return;
    if (found.version !== c.fromVersion) {
      if (isCorrected(found, c.personId, c.changes)) return;
      throw new StepRefused(found.version);
    }
    try {
      await this.deps.cases.save({ ...corrected(found, c.personId, c.changes), updatedAt: this.deps.clock.now(), version: found.version + 1 });
    } catch (error) {
      if (error instanceof CaseVersionConflict) throw new StepRefused(error.current.version);
      throw error;
    }
  }

  /** The erased person's names, and the words of everyone else's (kept when a family shares a surname). */
  private async namesFor(e: Erasing): Promise<{ names: string[]; keep: string[] } | undefined> {
    const found = await this.deps.cases.get(e.caseId);
    const person = found ? personOn(found, e.personId) : undefined;
    if (!found || !person || person.name === REMOVED_PERSON) return undefined;
    const others = [...found.victims, ...found.perpetrators, ...found.witnesses].filter((p) => p.id !== e.personId).map((p) => p.name);
    return { names: [person.name], keep: others.flatMap((n) => n.split(/\s+/)) };
  }

  private async strikeTexts(e: Erasing): Promise<void> {
    const names = await this.namesFor(e);
    if (!names) return;
    const strike = (text: string) => replaceNames(text, names.names, () => REMOVED_PERSON, { keep: names.keep });
    for (const incident of await this.deps.incidents.forCase(e.caseId)) {
      const struck = strike(incident.description);
      if (struck !== incident.description) await this.deps.incidents.rewrite(incident.id, struck);
    }
    for (const note of await this.deps.notes.forCase(e.caseId)) {
      const struck = strike(note.text);
      if (struck !== note.text) await this.deps.notes.rewrite(note.id, struck);
    }
  }

  private async strikeMinutes(e: Erasing): Promise<void> {
    const names = await this.namesFor(e);
    if (!names) return;
    for (const id of await this.deps.meetings.idsCoveringCase(e.caseId)) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const stored = await this.deps.meetings.get(id);
        if (!stored) break;
        const struck = withNamesStruck(stored.meeting, names.names, names.keep);
        if (JSON.stringify(struck) === JSON.stringify(stored.meeting)) break;
        try {
          await this.deps.meetings.save({ ...stored, meeting: struck, version: stored.version + 1 });
          break;
        } catch (error) {
          if (!(error instanceof MeetingVersionConflict)) throw error;
        }
      }
    }
  }

  private async forgetRecordedActions(e: Erasing): Promise<void> {
    const names = await this.namesFor(e);
    if (names) await this.deps.forgetFinishedActionsNaming(names.names);
  }

  private async eraseFromCase(e: Erasing): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const found = await this.deps.cases.get(e.caseId);
      if (!found || personOn(found, e.personId)?.name === REMOVED_PERSON) return;
      try {
        await this.deps.cases.save({ ...erased(found, e.personId), updatedAt: this.deps.clock.now(), version: found.version + 1 });
        return;
      } catch (error) {
        if (!(error instanceof CaseVersionConflict)) throw error;
      }
    }
    throw new Error('The case kept changing; the erasure will be finished by the sweep');
  }

  /** The pack, rebuilt now, for a manager still on the request's team. */
  private async producePack(id: string, issuedTo: Actor) {
    const request = await this.deps.requests.getAccess(id);
    if (!request || !mayGovern(issuedTo, 'subject-access') || issuedTo.teamId !== request.teamId) return undefined;
    const byCase = new Map<string, Set<string>>();
    for (const s of request.subjects) {
      const ids = byCase.get(s.caseId) ?? new Set<string>();
      if (s.personId !== NAMED_IN_TEXT) ids.add(s.personId);
      byCase.set(s.caseId, ids);
    }
    const records = [];
    for (const [caseId, personIds] of byCase) {
      const found = await this.deps.cases.get(caseId);
      if (!found || found.teamId !== request.teamId) continue;
      const meetings = [];
      for (const meetingId of await this.deps.meetings.idsCoveringCase(caseId)) {
        const stored = await this.deps.meetings.get(meetingId);
        if (stored) meetings.push(stored.meeting);
      }
      records.push({ case: found, personIds, incidents: await this.deps.incidents.forCase(caseId), notes: await this.deps.notes.forCase(caseId), meetings, actions: await this.deps.meetingActions.forCase(caseId) });
    }
    const names = [...new Set(records.flatMap((r) => [...r.personIds].map((pid) => personOn(r.case, pid)?.name ?? '')).filter((n) => n !== '' && n !== REMOVED_PERSON))];
    const pack: SubjectAccessPack = {
      marking: MARKING, receivedOn: request.receivedOn, dueOn: request.dueOn, preparedOn: londonDate(this.deps.clock.now()), preparedBy: issuedTo.name || request.requestedBy.name,
      sections: records.map((r) => packSection(r, names)),
    };
    await this.audited(issuedTo, request.teamId, 'download', 'subject-access', request._id, [], { sections: pack.sections.length });
    return { filename: safeFilename(`subject access ${request.receivedOn}`, 'docx'), contentType: contentTypes.docx, body: await subjectAccessToDocx(pack) };
  }

  private async audited(by: { id: string; name: string }, teamId: string, action: AuditAction, entity: AuditEntity, entityId: string, changedFields: string[], details: Record<string, string | number>, key?: string, caseReference?: string): Promise<void> {
    await this.deps.audit.record({
      at: this.deps.clock.now(), actorId: by.id, actorName: by.name, action, entity, entityId, changedFields, teamId, details,
      ...(caseReference ? { caseReference } : {}),
    }, key);
  }
}
