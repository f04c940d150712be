import { describe, expect, it } from '@jest/globals';
import { ClaimsIdentity, type BotFrameworkAuthentication } from 'botframework-connector';
import { loadConfig } from '../../src/config.js';
import { createAdapter } from '../../src/teams/app.js';
import { messageActivity, TEST_TENANT } from '../support/activities.js';

const authOf = (adapter: unknown) => (adapter as { botFrameworkAuthentication: BotFrameworkAuthentication }).botFrameworkAuthentication;

describe('Bot Connector clients', () => {
  it('are made once per service URL and audience, not on every turn', async () => {
    const auth = authOf(createAdapter(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' })));
    const activity = { ...messageActivity('help'), serviceUrl: 'https://smba.trafficmanager.net/uk/' } as never;
    const first = await auth.authenticateRequest(activity, '');
    const second = await auth.authenticateRequest(activity, '');
    const client = await first.connectorFactory!.create('https://smba.trafficmanager.net/uk/', first.audience);
    expect(await second.connectorFactory!.create('https://smba.trafficmanager.net/uk/', second.audience)).toBe(client);
    expect(await second.connectorFactory!.create('https://smba.trafficmanager.net/emea/', second.audience)).not.toBe(client);
    expect(await second.connectorFactory!.create('https://smba.trafficmanager.net/uk/', 'https://api.botframework.us')).not.toBe(client);
  });

  it('are never shared between bot identities', async () => {
    const auth = authOf(createAdapter(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' })));
    const identity = (appId: string) => new ClaimsIdentity([{ type: 'appid', value: appId }, { type: 'ver', value: '1.0' }], true);
    const a = await auth.createUserTokenClient(identity('app-a'));
    expect(await auth.createUserTokenClient(identity('app-a'))).toBe(a);
    expect(await auth.createUserTokenClient(identity('app-b'))).not.toBe(a);
  });

  it('still refuse an unauthenticated request when the bot has an identity', async () => {
    const auth = authOf(createAdapter(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', BOT_ID: '00000000-0000-0000-0000-000000000001', BOT_PASSWORD: 'not-a-real-secret', ALLOWED_TENANTS: TEST_TENANT, LINK_SIGNING_SECRET: 'test-link-signing-secret-0123456789abcdef', PUBLIC_URL: 'https://asb-bot.example.gov.uk' })));
    const activity = { ...messageActivity('help'), serviceUrl: 'https://smba.trafficmanager.net/uk/' } as never;
    await expect(auth.authenticateRequest(activity, '')).rejects.toThrow();
  });
});
