import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../../src/domain/access/actor.js';
import { Downloads, safeFilename } from '../../src/security/downloads.js';

const now = new Date('2026-12-01T10:00:00Z');
const clock = { now: () => now };
const secret = 'downloads-test-secret-0123456789abcdef';
const chair = { tenantId: 'tenant-1', id: 'aad-chair' };
/** The roster as it stands at download: the person the link names, resolved afresh. */
const actorFor = async (tenantId: string, id: string): Promise<Actor> => ({ tenantId, id, name: '', roles: id === 'aad-chair' ? ['officer'] : [], teamId: 'team-1' });

function downloads(): { downloads: Downloads; produced: Array<[string, string]> } {
  const produced: Array<[string, string]> = [];
  const made = new Downloads({ secret, clock, publicUrl: () => 'https://bot.example', actorFor });
  made.register({
    name: 'minutes',
    extension: 'docx',
    produce: async (id, actor) => {
      produced.push([id, `${actor.tenantId}/${actor.id}/${actor.roles.join('+')}`]);
      return id === 'gone' ? undefined : { filename: 'm.docx', contentType: 'application/x-test', body: Buffer.from(`file ${id}`) };
    },
  });
  return { downloads: made, produced };
}

describe('signed downloads', () => {
  it('serves a file of a registered kind to the person the link names', async () => {
    const { downloads: d, produced } = downloads();
    const { url, expiresAt } = d.link('minutes', 'm 1/é', chair);
    expect(url).toMatch(/^https:\/\/bot\.example\/downloads\/minutes\/m%201%2F%C3%A9\.docx\?by=aad-chair&tenant=tenant-1&exp=\d+&sig=/);
    expect(expiresAt.getTime() - now.getTime()).toBe(7 * 24 * 3600 * 1000);
    const served = await d.serve(url.replace('https://bot.example', ''));
    expect(served).toEqual({ ok: true, file: { filename: 'm.docx', contentType: 'application/x-test', body: Buffer.from('file m 1/é') } });
    expect(produced).toEqual([['m 1/é', 'tenant-1/aad-chair/officer']]);
  });

  it('refuses a tampered or expired link with 403 and makes nothing', async () => {
    const { downloads: d, produced } = downloads();
    const { url } = d.link('minutes', 'm1', chair);
    expect(await d.serve(url.replace('by=aad-chair', 'by=aad-other'))).toEqual({ ok: false, status: 403 });
    expect(await d.serve(url.replace('/m1.docx', '/m2.docx'))).toEqual({ ok: false, status: 403 });
    const short = d.link('minutes', 'm1', chair, 1000).url;
    now.setTime(now.getTime() + 2000);
    expect(await d.serve(short)).toEqual({ ok: false, status: 403 });
    expect(produced).toEqual([]);
  });

  it('answers 404 for an unknown kind, a wrong extension, or nothing to give', async () => {
    const { downloads: d } = downloads();
    expect(await d.serve(d.link('minutes', 'gone', chair).url)).toEqual({ ok: false, status: 404 });
    expect(() => d.link('letters', 'x', chair)).toThrow(/Unknown download kind/);
    expect(() => d.register({ name: 'minutes', extension: 'docx', produce: async () => undefined })).toThrow(/already registered/);
    expect(() => d.register({ name: 'Bad/Name', extension: 'docx', produce: async () => undefined })).toThrow(/Bad download kind/);
  });

  it('makes file names safe for a header', () => {
    expect(safeFilename('Kingsford "ASB" group: minutes 2026-12-01', 'docx')).toBe('Kingsford-ASB-group-minutes-2026-12-01.docx');
    expect(safeFilename('«»', 'csv', 'export')).toBe('export.csv');
  });
});
