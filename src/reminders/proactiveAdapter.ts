/**
 * The Bot Framework adapter used for proactive messages. It is an ordinary CloudAdapter with the same credentials
 * as the bot's, except that the connector client's own retry policies are removed: the outbox dispatcher retries
 * (honouring Retry-After) and books every attempt against Teams' rate limits, which hidden retries would bypass.
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { Config } from '../config.js';
import { botCredentials } from '../teams/app.js';

interface WithPipeline {
  client?: { pipeline?: { removePolicy(options: { phase: 'Retry' }): unknown } };
}

export function createProactiveAdapter(config: Config): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication(botCredentials(config));
  const createFactory = auth.createConnectorFactory.bind(auth);
  auth.createConnectorFactory = (claims) => {
    const factory = createFactory(claims);
    return {
      create: async (serviceUrl: string, audience?: string) => {
        const client = await factory.create(serviceUrl, audience);
        (client as unknown as WithPipeline).client?.pipeline?.removePolicy({ phase: 'Retry' });
        return client;
      },
    };
  };
  return new CloudAdapter(auth);
}
