import { defaultLinkLifetimeMs, linkExpiry, signLink, verifyLink } from '../../src/security/signedLinks.js';

const secret = 'a-test-secret-of-enough-length-123';
const now = new Date('2026-11-12T12:00:00.000Z');

function link(): string {
  return signLink({ path: '/minutes/m-nov.docx', params: { meeting: 'm-nov', group: 'tg-camborne' }, expiresAt: linkExpiry(now), secret });
}

describe('signed download links', () => {
  test('a fresh link verifies, relative or absolute, and returns its path and parameters', () => {
    const url = link();
    expect(url).toMatch(/^\/minutes\/m-nov\.docx\?.*exp=\d+.*&sig=[A-Za-z0-9_-]+$/);
    const result = verifyLink(url, secret, now);
    expect(result).toEqual({ ok: true, path: '/minutes/m-nov.docx', params: { meeting: 'm-nov', group: 'tg-camborne' }, expiresAt: new Date(now.getTime() + defaultLinkLifetimeMs) });
    expect(verifyLink(`https://bot.example.org${url}`, secret, now).ok).toBe(true);
  });

  test('parameter order does not matter', () => {
    const url = new URL(link(), 'http://x');
    const reordered = new URLSearchParams([...url.searchParams.entries()].reverse());
    expect(verifyLink(`${url.pathname}?${reordered}`, secret, now).ok).toBe(true);
  });

  test('expires after 7 days', () => {
    expect(verifyLink(link(), secret, new Date(now.getTime() + defaultLinkLifetimeMs - 1000)).ok).toBe(true);
    expect(verifyLink(link(), secret, new Date(now.getTime() + defaultLinkLifetimeMs))).toEqual({ ok: false, reason: 'expired' });
  });

  test('a changed parameter, expiry, signature or path is tampering', () => {
    const url = link();
    expect(verifyLink(url.replace('meeting=m-nov', 'meeting=m-oct'), secret, now)).toEqual({ ok: false, reason: 'tampered' });
    expect(verifyLink(`${url}&extra=1`, secret, now)).toEqual({ ok: false, reason: 'tampered' });
    expect(verifyLink(url.replace(/exp=(\d+)/, (_, e: string) => `exp=${Number(e) + 86400}`), secret, now)).toEqual({ ok: false, reason: 'tampered' });
    const sig = /sig=([^&]+)/.exec(url)![1];
    const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
    expect(verifyLink(url.replace(sig, flipped), secret, now)).toEqual({ ok: false, reason: 'tampered' });
    expect(verifyLink(url.replace(sig, sig.slice(0, -2)), secret, now)).toEqual({ ok: false, reason: 'tampered' });
    expect(verifyLink(url.replace('/minutes/m-nov.docx', '/minutes/m-oct.docx'), secret, now)).toEqual({ ok: false, reason: 'tampered' });
    expect(verifyLink(url.replace(/&sig=[^&]+/, ''), secret, now)).toEqual({ ok: false, reason: 'tampered' });
    expect(verifyLink(`${url}&meeting=m-oct`, secret, now)).toEqual({ ok: false, reason: 'tampered' });
  });

  test('another secret does not verify; an expired and tampered link is reported as tampered', () => {
    expect(verifyLink(link(), 'another-secret-of-enough-length!!', now)).toEqual({ ok: false, reason: 'tampered' });
    const later = new Date(now.getTime() + 30 * 86_400_000);
    expect(verifyLink(link().replace('meeting=m-nov', 'meeting=x'), secret, later)).toEqual({ ok: false, reason: 'tampered' });
  });

  test('weak secrets and reserved parameter names are refused', () => {
    expect(() => signLink({ path: '/x', expiresAt: now, secret: 'short' })).toThrow(/secret/);
    expect(() => signLink({ path: '/x', params: { sig: '1' }, expiresAt: now, secret })).toThrow(/reserved/);
  });

  test('awkward parameter values round-trip', () => {
    const url = signLink({ path: '/minutes/a b.docx', params: { name: 'a&b=c d/é' }, expiresAt: linkExpiry(now), secret });
    const result = verifyLink(url, secret, now);
    expect(result).toMatchObject({ ok: true, params: { name: 'a&b=c d/é' }, path: '/minutes/a%20b.docx' });
  });
});
