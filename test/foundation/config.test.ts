import { describe, expect, it } from '@jest/globals';
import { ConfigError, isLocalMode, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('has working defaults for local use', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3978,
      dataDir: './data',
      allowedTenants: [],
      timeZone: 'Europe/London',
      logLevel: 'info',
      bot: { type: 'MultiTenant' },
      myDeadlinesDays: 14,
    });
    expect(config.mongodbUri).toBeUndefined();
    expect(isLocalMode(config)).toBe(true);
  });

  it('reads and normalises every setting', () => {
    const config = loadConfig({
      PORT: '8080',
      BOT_ID: '00000000-0000-0000-0000-000000000001',
      BOT_PASSWORD: 'secret',
      BOT_TYPE: 'SingleTenant',
      BOT_TENANT_ID: 'tenant-a',
      MONGODB_URI: 'mongodb://db.example:27017/asb',
      DATA_DIR: '/var/lib/asb',
      ALLOWED_TENANTS: ' Tenant-A , tenant-b,, ',
      MANAGER_IDS: 'AAD-Manager-1,aad-manager-2',
      ADMIN_IDS: 'AAD-Admin-1',
      TIMEZONE: 'Europe/Dublin',
      LOG_LEVEL: 'warn',
      LINK_SIGNING_SECRET: 'a-signing-secret-of-at-least-32-characters',
      PUBLIC_URL: 'https://asb-bot.example.gov.uk/',
      MY_DEADLINES_DAYS: '21',
    });
    expect(config).toEqual({
      port: 8080,
      bot: { id: '00000000-0000-0000-0000-000000000001', password: 'secret', tenantId: 'tenant-a', type: 'SingleTenant' },
      mongodbUri: 'mongodb://db.example:27017/asb',
      dataDir: '/var/lib/asb',
      allowedTenants: ['tenant-a', 'tenant-b'],
      managerIds: ['aad-manager-1', 'aad-manager-2'],
      adminIds: ['aad-admin-1'],
      timeZone: 'Europe/Dublin',
      logLevel: 'warn',
      linkSigningSecret: 'a-signing-secret-of-at-least-32-characters',
      powers: { act2026CommencedOn: '2026-06-29', fixedPenaltyPounds: 500 },
      letters: { teamName: 'Anti-social Behaviour Team', contact: 'contact the ASB team' },
      publicUrl: 'https://asb-bot.example.gov.uk',
      myDeadlinesDays: 21,
    });
    expect(isLocalMode(config)).toBe(false);
  });

  it('reports every problem in one readable message', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', BOT_ID: 'x', BOT_TYPE: 'Sometimes', MONGODB_URI: 'postgres://nope', TIMEZONE: 'Mars/Olympus', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const field of ['PORT', 'BOT_TYPE', 'MONGODB_URI', 'TIMEZONE', 'LOG_LEVEL', 'BOT_PASSWORD', 'ALLOWED_TENANTS', 'LINK_SIGNING_SECRET']) {
      expect(message).toContain(`- ${field}:`);
    }
    expect(message).toMatch(/^Invalid configuration \(\d+ problems\):/);
  });

  it('requires a tenant allow-list whenever the bot has a real identity', () => {
    expect(() => loadConfig({ BOT_ID: 'id', BOT_PASSWORD: 'pw' })).toThrow(/ALLOWED_TENANTS: must list/);
  });

  it('requires a link-signing secret whenever the bot has a real identity, and not in local mode', () => {
    const real = { BOT_ID: 'id', BOT_PASSWORD: 'pw', ALLOWED_TENANTS: 'tenant-a', PUBLIC_URL: 'https://asb-bot.example.gov.uk' };
    expect(() => loadConfig(real)).toThrow(/LINK_SIGNING_SECRET: is required when BOT_ID is set/);
    expect(() => loadConfig({ ...real, LINK_SIGNING_SECRET: '   ' })).toThrow(/LINK_SIGNING_SECRET: is required/);
    expect(loadConfig({ ...real, LINK_SIGNING_SECRET: 'x'.repeat(32) }).linkSigningSecret).toBe('x'.repeat(32));
    expect(loadConfig({}).linkSigningSecret).toBeUndefined();
  });

  it('requires PUBLIC_URL whenever the bot has a real identity, so links never point at localhost', () => {
    const real = { BOT_ID: 'id', BOT_PASSWORD: 'pw', ALLOWED_TENANTS: 'tenant-a', LINK_SIGNING_SECRET: 'x'.repeat(32) };
    expect(() => loadConfig(real)).toThrow(/PUBLIC_URL: is required when BOT_ID is set/);
    expect(loadConfig({ ...real, PUBLIC_URL: 'https://asb-bot.example.gov.uk/' }).publicUrl).toBe('https://asb-bot.example.gov.uk');
    expect(loadConfig({}).publicUrl).toBeUndefined();
  });

  it('looks 14 days ahead in `my deadlines` unless MY_DEADLINES_DAYS says otherwise, within 1 to 92', () => {
    expect(loadConfig({ MY_DEADLINES_DAYS: '7' }).myDeadlinesDays).toBe(7);
    expect(() => loadConfig({ MY_DEADLINES_DAYS: '0' })).toThrow(/MY_DEADLINES_DAYS:/);
    expect(() => loadConfig({ MY_DEADLINES_DAYS: 'a fortnight' })).toThrow(/MY_DEADLINES_DAYS:/);
  });
});
