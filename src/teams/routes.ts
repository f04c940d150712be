/**
 * Every route of the app is registered here, with the policy action it needs of the actor's team: the
 * wrapper resolves nothing itself (the actor is resolved once per turn, src/teams/actor.ts) but refuses a
 * route whose need the policy does not allow. Resource checks (this case, this meeting) are the services'.
 * The route table is recorded, so a test can walk every route and compare it with the app's real routes.
 */
import type { AdaptiveCard } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Actor } from '../domain/access/actor.js';
import { ACCESS_REFUSED_MESSAGE, decide, type GovernanceAction, type TeamAction } from '../domain/access/policy.js';
import { GOVERN_REFUSED } from '../domain/governance/governors.js';
import type { RosterService } from '../services/roster.js';
import { actorOf, notOnTeamMessage } from './actor.js';
import type { AssistantApp } from './app.js';
import { asCard, type CardData } from './cardKit.js';
import { messageCard } from './cases/caseCards.js';

/** 'public' routes (help) serve anyone; every other need is a team action of the policy. */
export type Need = TeamAction | 'public';

export type RouteRecord =
  | { kind: 'execute' | 'submit'; verb: string; need: Need }
  | { kind: 'command'; pattern: RegExp; sample: string; need: Need }
  /** A typeahead's `application/search` for a dataset of its own. */
  | { kind: 'search'; dataset: string; need: Need }
  /** A route with its own selector (thread replies, meeting events). */
  | { kind: 'other'; name: string; need: Need };

const governanceActions: ReadonlySet<Need> = new Set<GovernanceAction>(['audit-check', 'retention-setting', 'export', 'retention-review', 'subject-access']);
const tables = new WeakMap<AssistantApp, RouteRecord[]>();
const rosters = new WeakMap<AssistantApp, RosterService>();

export const routeTable = (app: AssistantApp): readonly RouteRecord[] => tables.get(app) ?? [];

export function useRoster(app: AssistantApp, roster: RosterService): void {
  rosters.set(app, roster);
}

const record = (app: AssistantApp, route: RouteRecord) => tables.set(app, [...routeTable(app), route]);

/** Undefined when the actor may use the route; otherwise the words to answer with, which name nothing. */
async function refusal(app: AssistantApp, actor: Actor, need: Need): Promise<string | undefined> {
  if (need === 'public') return undefined;
  const decision = decide(actor, need, { kind: 'team', teamId: actor.teamId });
  if (decision.allow) return undefined;
  if (decision.reason === 'not-on-team') return notOnTeamMessage((await rosters.get(app)?.adminNames(actor.tenantId)) ?? []);
  // A governance task names its own need (managers' or admins'); nothing else says what a refusal is about.
  return governanceActions.has(need) ? GOVERN_REFUSED : ACCESS_REFUSED_MESSAGE;
}

/** A verb, or a selector of its own for the catch-all of verbs nothing else handles (recorded as `*`). */
export function onExecute<T extends CardData = CardData>(app: AssistantApp, verb: string | ((context: TurnContext) => Promise<boolean>), need: Need, handler: (context: TurnContext, data: T, actor: Actor) => Promise<AdaptiveCard | string>): void {
  record(app, { kind: 'execute', verb: typeof verb === 'string' ? verb : '*', need });
  app.adaptiveCards.actionExecute<T>(verb, async (context, _state, data) => {
    const actor = actorOf(context);
    const refused = await refusal(app, actor, need);
    return refused ? asCard(messageCard(refused)) : handler(context, (data ?? {}) as T, actor);
  });
}

export function onSubmit(app: AssistantApp, verb: string, need: Need, handler: (context: TurnContext, data: CardData, actor: Actor) => Promise<void>): void {
  record(app, { kind: 'submit', verb, need });
  app.adaptiveCards.actionSubmit<CardData>(verb, async (context, _state, data) => {
    const actor = actorOf(context);
    const refused = await refusal(app, actor, need);
    if (refused) await context.sendActivity(refused);
    else await handler(context, data ?? {}, actor);
  });
}

/** A text command; `sample` is a message it answers, for the route-table test. */
export function onCommand(app: AssistantApp, pattern: RegExp, sample: string, need: Need, handler: (context: TurnContext, actor: Actor) => Promise<void>): void {
  record(app, { kind: 'command', pattern, sample, need });
  app.message(pattern, async (context) => {
    const actor = actorOf(context);
    const refused = await refusal(app, actor, need);
    if (refused) await context.sendActivity(refused);
    else await handler(context, actor);
  });
}

/** What a typeahead search sends: the typed text, and (with associatedInputs "auto") the form's other inputs. */
export interface SearchQuery {
  text: string;
  inputs: Record<string, string>;
}

const searchValue = z.object({
  queryText: z.string().max(200).catch(''),
  data: z.record(z.unknown()).catch({}).optional(),
}).passthrough();

/** A typeahead (Input.ChoiceSet with Data.Query); a refused actor gets no results, and nothing is said. */
export function onSearch(app: AssistantApp, dataset: string, need: Need, handler: (query: SearchQuery, actor: Actor) => Promise<Array<{ title: string; value: string }>>): void {
  record(app, { kind: 'search', dataset, need });
  app.adaptiveCards.search(dataset, async (context) => {
    const actor = actorOf(context);
    if (await refusal(app, actor, need)) return [];
    const value = searchValue.safeParse(context.activity.value ?? {});
    const parsed = value.success ? value.data : { queryText: '', data: {} };
    const inputs = Object.fromEntries(Object.entries(parsed.data ?? {}).filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, String(v).slice(0, 200)]));
    return handler({ text: parsed.queryText, inputs }, actor);
  });
}

/** Wraps the handler of a route with its own selector; the caller installs it (app.message(selector, …), app.meetings.start(…)). */
export function guarded<A extends unknown[]>(app: AssistantApp, name: string, need: Need, handler: (context: TurnContext, actor: Actor, ...rest: A) => Promise<void>) {
  record(app, { kind: 'other', name, need });
  return async (context: TurnContext, ...rest: A): Promise<void> => {
    const actor = actorOf(context);
    // These routes answer nobody directly: a refused one does nothing.
    if (await refusal(app, actor, need)) return;
    await handler(context, actor, ...rest);
  };
}
