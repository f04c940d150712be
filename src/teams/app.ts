/**
 * The teams-ai Application behind a TeamsAdapter. Features plug in as `register(app, deps)` functions; the
 * help fallback goes last because routes are tried in the order they were added.
 */
// Its own modules, not the package root: the root also loads the AI planners, models and tokenizer (about 18 MB RSS).
import { Application } from '@microsoft/teams-ai/lib/Application.js';
import { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter.js';
import { TurnState } from '@microsoft/teams-ai/lib/TurnState.js';
import { ActivityTypes, CallerIdConstants, type ConfigurationBotFrameworkAuthenticationOptions, type TurnContext } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { Config } from '../config.js';
import type { Deps } from '../deps.js';
import { reuseConnectorClients } from './connectorClients.js';
import { registerConversationTracking } from './conversationTracking.js';
import { registerHelp, registerHelpFallback } from './help/register.js';
import { isTenantAllowed, TENANT_REFUSAL } from './tenants.js';
import { resolveTurnActor } from './actor.js';
import { botWasRemoved } from './activityContext.js';
import { teamsRoster } from './roster.js';
import { useRoster } from './routes.js';
import { AccessRefused, ACCESS_REFUSED_MESSAGE } from '../domain/access/policy.js';
import { ActionInterrupted } from '../services/intents.js';

export type AssistantApp = Application<TurnState>;

/**
 * teams-ai 1.7's `run` starts its typing timer whatever `startTypingTimer` says, so a turn slower than a second
 * posted "typing" activities: each one spends the conversation's send budget, and in a channel it lands in the
 * thread. The option is honoured here.
 */
class AssistantApplication extends Application<TurnState> {
  override startTypingTimer(): void {}
}
export type Feature = (app: AssistantApp, deps: Deps) => void;

/** The bot's Bot Framework credentials; none in local mode. */
export function botCredentials(config: Config): ConfigurationBotFrameworkAuthenticationOptions {
  if (!config.bot.id) return {};
  const credentials = { MicrosoftAppId: config.bot.id, MicrosoftAppPassword: config.bot.password, MicrosoftAppType: config.bot.type, MicrosoftAppTenantId: config.bot.tenantId };
  if (!config.bot.openIdMetadataUrl) return credentials;
  // Setting one endpoint makes Bot Framework take every endpoint from the options, so the others keep the public cloud's.
  return {
    ...credentials,
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: config.bot.openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

export function createAdapter(config: Config): TeamsAdapter {
  const adapter = new TeamsAdapter(botCredentials(config));
  reuseConnectorClients(adapter);
  return adapter;
}

/**
 * What the officer is told when a turn fails. Only an action whose intent was recorded is sure to be
 * finished (services/intents.ts); for anything else nothing may have been saved, so they are told so.
 */
export function turnFailedMessage(error: unknown): string {
  if (error instanceof ActionInterrupted) {
    return 'Sorry, something went wrong on our side part-way through. What you entered is saved and I will finish the rest within a few minutes; there is no need to enter it again.';
  }
  return 'Sorry, something went wrong on our side and this may not have been saved. Please try again; if it fails again, keep a copy of what you typed and tell your administrator.';
}

export interface TeamsApp {
  app: AssistantApp;
  adapter: TeamsAdapter;
  /** Runs one authenticated turn: the tenant check, then the app's routes. */
  handleTurn(context: TurnContext): Promise<void>;
}

export function createTeamsApp(deps: Deps, features: Feature[] = [], adapter: TeamsAdapter = createAdapter(deps.config)): TeamsApp {
  const app = new AssistantApplication({
    adapter,
    botAppId: deps.config.bot.id ?? '',
    // No storage: no feature keeps conversation or user turn state (cases, risk and meetings live in their own
    // collections and every card carries the data its buttons need), and loading it cost a database round
    // trip on every turn, about a quarter of the CPU of a `help` turn. A feature that needs state kept
    // between turns passes `deps.storage` here (test/foundation/turnCost.test.ts will then need updating).
    removeRecipientMention: true,
    startTypingTimer: false,
  });
  app.error(async (context, error) => {
    if (error instanceof AccessRefused) {
      await context.sendActivity(ACCESS_REFUSED_MESSAGE);
      return;
    }
    deps.logger.error({ activityType: context.activity.type, err: error.message }, 'turn failed');
    await context.sendActivity(turnFailedMessage(error));
  });

  useRoster(app, deps.roster);
  const names = teamsRoster(deps);
  registerConversationTracking(app, deps);
  registerHelp(app, deps);
  for (const register of features) register(app, deps);
  registerHelpFallback(app, deps);

  return {
    app,
    adapter,
    handleTurn: (context) =>
      deps.turns.during(async () => {
        if (!isTenantAllowed(context.activity, deps.config.allowedTenants)) {
          deps.logger.warn({ activityType: context.activity.type }, 'activity from a tenant outside the allow-list refused');
          if (context.activity.type === ActivityTypes.Message || context.activity.type === ActivityTypes.Invoke) {
            await context.sendActivity(TENANT_REFUSAL);
          }
          return;
        }
        // The sender's name comes from the Teams roster (install events and invokes carry none), before the actor is resolved.
        if (!botWasRemoved(context.activity)) await names.fillSenderName(context);
        await resolveTurnActor(context, deps.roster);
        await app.run(context);
      }),
  };
}
