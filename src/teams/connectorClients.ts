/**
 * One Bot Connector client per bot identity, service URL and audience, instead of a new one on every turn.
 * CloudAdapter builds a ConnectorClient (an HTTP pipeline of a dozen policies) and a UserTokenClient for each
 * incoming activity: about 4% of the CPU of a turn. Each request is still authenticated as before; only the
 * clients made from its result are kept, keyed by the app id in the request's validated claims, so a client
 * is never shared between identities. (botbuilder's older BotFrameworkAdapter kept them in the same way.)
 */
import { JwtTokenValidation, type BotFrameworkAuthentication, type ClaimsIdentity, type ConnectorClient, type UserTokenClient } from 'botframework-connector';
import type { CloudAdapter } from 'botbuilder';

/** Service URLs come from the activity, so without authentication (local runs) anyone could add keys. */
const MAX_CLIENTS = 100;

class BoundedCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  get(key: string, make: () => Promise<T>): Promise<T> {
    const found = this.entries.get(key);
    if (found) return found;
    if (this.entries.size >= MAX_CLIENTS) this.entries.clear();
    const made = make();
    this.entries.set(key, made);
    made.catch(() => this.entries.delete(key));
    return made;
  }
}

const appIdOf = (identity: ClaimsIdentity) => JwtTokenValidation.getAppIdFromClaims(identity.claims) ?? '';

export function reuseConnectorClients(adapter: CloudAdapter): void {
  const auth = (adapter as unknown as { botFrameworkAuthentication: BotFrameworkAuthentication }).botFrameworkAuthentication;
  const connectors = new BoundedCache<ConnectorClient>();
  const userTokens = new BoundedCache<UserTokenClient>();

  const authenticateRequest = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, authHeader) => {
    const result = await authenticateRequest(activity, authHeader);
    const factory = result.connectorFactory;
    if (!factory) return result;
    const appId = appIdOf(result.claimsIdentity);
    return {
      ...result,
      connectorFactory: {
        create: (serviceUrl: string, audience?: string) =>
          connectors.get(JSON.stringify([appId, serviceUrl, audience ?? null]), () => factory.create(serviceUrl, audience)),
      },
    };
  };

  const createUserTokenClient = auth.createUserTokenClient.bind(auth);
  auth.createUserTokenClient = (identity) => userTokens.get(appIdOf(identity), () => createUserTokenClient(identity));
}
