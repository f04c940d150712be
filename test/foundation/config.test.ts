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
      TIMEZONE: 'Europe/Dublin',
      LOG_LEVEL: 'warn',
    });
    expect(config).toEqual({
      port: 8080,
      bot: { id: '00000000-0000-0000-0000-000000000001', password: 'secret', tenantId: 'tenant-a', type: 'SingleTenant' },
      mongodbUri: 'mongodb://db.example:27017/asb',
      dataDir: '/var/lib/asb',
      allowedTenants: ['tenant-a', 'tenant-b'],
      managerIds: ['aad-manager-1', 'aad-manager-2'],
      timeZone: 'Europe/Dublin',
      logLevel: 'warn',
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
    for (const field of ['PORT', 'BOT_TYPE', 'MONGODB_URI', 'TIMEZONE', 'LOG_LEVEL', 'BOT_PASSWORD', 'ALLOWED_TENANTS']) {
      expect(message).toContain(`- ${field}:`);
    }
    expect(message).toMatch(/^Invalid configuration \(\d+ problems\):/);
  });

  it('requires a tenant allow-list whenever the bot has a real identity', () => {
    expect(() => loadConfig({ BOT_ID: 'id', BOT_PASSWORD: 'pw' })).toThrow(/ALLOWED_TENANTS: must list/);
  });
});
