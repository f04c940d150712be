/**
 * Real names from the Teams roster. Install events carry no name and a stored name can go stale, so the person
 * behind each turn is looked up with TeamsInfo.getMember (the team's roster in a channel, the chat's members
 * elsewhere), cached in MongoDB and refreshed when missing or older than a day. The turn's `from.name` is set
 * to the roster's name, so everything that reads the actor (officerFrom, actor resolution) gets it.
 */
import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Db } from 'mongodb';
import type { ConversationReferences } from '../db/conversationReferences.js';
import { RosterNames } from '../db/rosterNames.js';
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../log.js';
import { afterWorkInHand, type TurnsInProgress } from '../turnsInProgress.js';
import { tenantIdOf } from './activityContext.js';

const REFRESH_AFTER_MS = 24 * 60 * 60 * 1000;
/** A lookup Teams refused (or a person it does not know) is not asked again for this long. */
const RETRY_AFTER_MS = 10 * 60 * 1000;
const MAX_REMEMBERED = 20_000;
const PEOPLE_ACTIVITIES = new Set(['message', 'invoke', 'installationUpdate', 'conversationUpdate']);

export interface RosterPerson {
  id: string;
  name: string;
}

/**
 * What TeamsInfo reads of a turn (its activity, adapter and turn state), for a roster read that runs after the turn
 * is over: botbuilder revokes the TurnContext itself when its turn ends, and a read through it then fails.
 */
const pastTheTurn = (context: TurnContext): TurnContext =>
  ({ activity: context.activity, adapter: context.adapter, turnState: context.turnState }) as unknown as TurnContext;

export class TeamsRoster {
  private readonly names: RosterNames;
  /** What this process last learnt, so a turn normally costs no database read. */
  private readonly remembered = new Map<string, { name?: string; checkedAt: number; refreshedAt: number }>();

  /** `afterTurns`: when a refresh beside a turn runs (src/turnsInProgress.ts: once no turn is waiting for its reply). */
  constructor(db: Db, private readonly clock: Clock, private readonly logger: Logger, private readonly afterTurns: () => Promise<void> = afterWorkInHand) {
    this.names = new RosterNames(db);
  }

  /** Roster refreshes running beside a turn whose activity already carried a name, one per person. */
  private readonly refreshing = new Map<string, Promise<string | undefined>>();
  /** Refreshes waiting for the turns in hand to answer, and the loop that runs them. */
  private readonly pending: Array<() => Promise<void>> = [];
  private draining: Promise<void> | undefined;

  /**
   * The person's name from the roster (cached), or undefined when Teams cannot give one. When the activity
   * carries a name (messages do) and this process has no current roster name, the turn goes on with the
   * activity's name and the roster is read after the turns in hand have answered: a new conversation's first
   * turn waits for no stored-name read, roster call or write. Activities without a name (install events, some
   * invokes) wait for the roster.
   */
  async nameOf(context: TurnContext): Promise<string | undefined> {
    const from = context.activity.from;
    const tenantId = tenantIdOf(context.activity);
    if (!from?.aadObjectId || !tenantId) return undefined;
    const key = `${tenantId}:${from.aadObjectId}`;
    const now = this.clock.now().getTime();
    const known = this.remembered.get(key);
    if (isCurrent(known, now)) return known!.name;

    const aadObjectId = from.aadObjectId;
    const sent = from.name?.trim();
    if (!sent) return this.refresh(context, key, tenantId, aadObjectId, from.id, known, now);
    if (!this.refreshing.has(key)) {
      const turn = pastTheTurn(context);
      const refresh = new Promise<string | undefined>((resolve) => {
        this.later(async () => {
          const latest = this.remembered.get(key);
          // A name-less activity of the same person may have read the roster meanwhile.
          if (latest !== known && isCurrent(latest, this.clock.now().getTime())) return resolve(latest!.name);
          resolve(await this.refresh(turn, key, tenantId, aadObjectId, from.id, known, now).catch((error: unknown) => {
            this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'roster name refresh failed');
            return undefined;
          }));
        });
      }).finally(() => this.refreshing.delete(key));
      this.refreshing.set(key, refresh);
    }
    return sent;
  }

  /**
   * Runs the refreshes one at a time once the turns in hand have answered: fifty new conversations at once
   * would otherwise make fifty roster calls (about 5 ms of CPU each) beside their own first turns.
   */
  private later(job: () => Promise<void>): void {
    this.pending.push(job);
    this.draining ??= this.drain();
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      await this.afterTurns();
      for (const job of this.pending.splice(0)) {
        await job();
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    this.draining = undefined;
  }

  /** Waits for the roster refreshes still running beside turns (tests, and shutdown before the database closes). */
  async flush(): Promise<void> {
    while (this.refreshing.size > 0) await Promise.all(this.refreshing.values());
  }

  private async refresh(context: TurnContext, key: string, tenantId: string, aadObjectId: string, userId: string, known: { name?: string; refreshedAt: number } | undefined, now: number): Promise<string | undefined> {
    const from = { aadObjectId, id: userId };
    const stored = known ? undefined : await this.names.get(tenantId, from.aadObjectId);
    if (stored && now - stored.refreshedAt.getTime() < REFRESH_AFTER_MS) return this.remember(key, { name: stored.name, checkedAt: now, refreshedAt: stored.refreshedAt.getTime() });

    const found = await this.lookUp(context, from.id);
    const name = found?.name;
    if (!name) return this.remember(key, { name: stored?.name ?? known?.name, checkedAt: now, refreshedAt: known?.refreshedAt ?? 0 });
    await this.names.put({ tenantId, aadObjectId: from.aadObjectId, name, ...(found.upn ? { upn: found.upn } : {}), refreshedAt: new Date(now) });
    return this.remember(key, { name, checkedAt: now, refreshedAt: now });
  }

  /** Fills in the turn's sender name from the roster, where the roster has one (for what people do, not events). */
  async fillSenderName(context: TurnContext): Promise<void> {
    if (!PEOPLE_ACTIVITIES.has(context.activity.type)) return;
    const name = await this.nameOf(context);
    if (name) context.activity.from.name = name;
  }

  /**
   * The people who can be given work here (they have a personal chat with the assistant), under the roster's
   * names: a static list for pickers where Teams' own people search is not available.
   */
  async officers(references: Pick<ConversationReferences, 'officersInTenant'>, tenantId: string): Promise<RosterPerson[]> {
    const [known, named] = await Promise.all([references.officersInTenant(tenantId), this.names.inTenant(tenantId)]);
    const names = new Map(named.map((p) => [p.aadObjectId, p.name]));
    return known.map((officer) => ({ id: officer.id, name: names.get(officer.id) ?? officer.name }));
  }

  /**
   * Everyone the assistant has seen in the tenant (a personal chat, or a name the roster gave), by name: the
   * static list of the people picker.
   */
  async seen(references: Pick<ConversationReferences, 'officersInTenant'>, tenantId: string): Promise<RosterPerson[]> {
    const [officers, named] = await Promise.all([this.officers(references, tenantId), this.names.inTenant(tenantId)]);
    const people = new Map(named.map((p) => [p.aadObjectId, { id: p.aadObjectId, name: p.name }]));
    for (const officer of officers) people.set(officer.id, officer);
    return [...people.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * A person by Entra object id or sign-in name (UPN): someone the assistant has seen, or else whom the Teams
   * roster of this conversation knows (in a team channel, anyone in the team). Undefined when neither does.
   */
  async person(context: TurnContext, idOrUpn: string): Promise<RosterPerson | undefined> {
    const tenantId = tenantIdOf(context.activity);
    if (!tenantId) return undefined;
    const isUpn = idOrUpn.includes('@');
    const stored = isUpn ? await this.names.byUpn(tenantId, idOrUpn) : await this.names.get(tenantId, idOrUpn.toLowerCase());
    if (stored) return { id: stored.aadObjectId, name: stored.name };
    const found = await this.lookUp(context, idOrUpn);
    if (!found?.aadObjectId) return undefined;
    await this.names.put({ tenantId, aadObjectId: found.aadObjectId, name: found.name, ...(found.upn ? { upn: found.upn } : {}), refreshedAt: this.clock.now() });
    return { id: found.aadObjectId, name: found.name };
  }

  private async lookUp(context: TurnContext, userId: string): Promise<{ name: string; upn?: string; aadObjectId?: string } | undefined> {
    try {
      const member = await TeamsInfo.getMember(context, userId);
      const name = member?.name?.trim();
      if (!name) return undefined;
      const upn = member.userPrincipalName?.trim().toLowerCase();
      return { name, ...(upn ? { upn } : {}), ...(member.aadObjectId ? { aadObjectId: member.aadObjectId.toLowerCase() } : {}) };
    } catch (error) {
      this.logger.debug({ err: (error as { statusCode?: number }).statusCode ?? 'lookup failed' }, 'roster lookup gave no name');
      return undefined;
    }
  }

  private remember(key: string, entry: { name?: string; checkedAt: number; refreshedAt: number }): string | undefined {
    if (this.remembered.size >= MAX_REMEMBERED) this.remembered.clear();
    this.remembered.set(key, entry);
    return entry.name;
  }
}

/**
 * A name is kept for a day; after a lookup that gave none, Teams is not asked again for RETRY_AFTER_MS
 * (refreshedAt does not move then, so testing it alone made each of that person's turns ask Teams again).
 */
function isCurrent(entry: { checkedAt: number; refreshedAt: number } | undefined, now: number): boolean {
  return entry !== undefined && (now - entry.refreshedAt < REFRESH_AFTER_MS || now - entry.checkedAt < RETRY_AFTER_MS);
}

const rosters = new WeakMap<Db, TeamsRoster>();

/** One roster per database, shared by the features that need names. */
export function teamsRoster(deps: { db: Db; clock: Clock; logger: Logger; turns?: TurnsInProgress }): TeamsRoster {
  let roster = rosters.get(deps.db);
  if (!roster) rosters.set(deps.db, (roster = new TeamsRoster(deps.db, deps.clock, deps.logger, deps.turns ? () => deps.turns!.settled() : undefined)));
  return roster;
}
