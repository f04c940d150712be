/**
 * The actor of a turn, resolved once (before any route runs) from the activity's tenant and Entra object id
 * against the roster: never from a card's data.
 */
import type { TurnContext } from 'botbuilder';
import type { Actor } from '../domain/access/actor.js';
import type { RosterService } from '../services/roster.js';
import { tenantIdOf } from './activityContext.js';

const ACTOR_KEY = 'asb.actor';

export async function resolveTurnActor(context: TurnContext, roster: RosterService): Promise<Actor> {
  const from = context.activity.from ?? { id: '' };
  const tenantId = tenantIdOf(context.activity) ?? 'local';
  // Outside local mode only the Entra object id Teams puts on the activity identifies a person.
  const id = from.aadObjectId ?? (roster.localMode ? from.id : undefined);
  const actor = id ? await roster.resolve(tenantId, id, from.name ?? 'Officer') : { tenantId, id: from.id ?? 'unknown', name: from.name ?? '', roles: [] };
  context.turnState.set(ACTOR_KEY, actor);
  return actor;
}

/** The actor resolved for this turn. */
export function actorOf(context: TurnContext): Actor {
  const actor = context.turnState.get(ACTOR_KEY) as Actor | undefined;
  if (!actor) throw new Error('The actor of this turn was not resolved');
  return actor;
}

export const notOnTeamMessage = (adminNames: readonly string[]) =>
  `You're not on an ASB team in this organisation yet. Ask your team's administrator${adminNames.length ? ` (${adminNames.join(', ')})` : ''} to add you.`;
