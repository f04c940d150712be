import { ManualClock } from '../../../src/domain/clock.js';
import { areaListSchema, defaultAreas, isKnownWard } from '../../../src/domain/cases/areas.js';
import { firstIncidentOf, incidentsNewestFirst, logIncident, validateIncident, type IncidentDraft } from '../../../src/domain/cases/incident.js';
import { aCase, aVictim } from './caseFixtures.js';
import { londonWallClockToInstant } from '../../../src/domain/cases/londonTime.js';
import { correctedNoteIds, correctionOf, writeNote } from '../../../src/domain/cases/notes.js';
import { normalisePostcode, postcodeSchema } from '../../../src/domain/cases/postcode.js';

const clock = new ManualClock('2026-05-15T09:00:00Z');
const draft = (occurredAt: string): IncidentDraft => ({
  occurredAt: new Date(occurredAt),
  categories: ['noise'],
  description: 'Music',
  reportedBy: { name: 'Alex' },
  evidence: ['cctv'],
});

describe('incidents', () => {
  it('refuses the future beyond five minutes of clock skew', () => {
    expect(validateIncident(draft('2026-05-15T09:04:59Z'), clock).ok).toBe(true);
    expect(validateIncident(draft('2026-05-15T09:05:01Z'), clock)).toEqual({
      ok: false,
      errors: [{ field: 'occurredAt', message: "An incident can't be in the future" }],
    });
  });

  it('accepts but flags incidents over two years old', () => {
    const check = validateIncident(draft('2024-05-15T08:59:00Z'), clock);
    expect(check.ok && check.warnings).toEqual(['This incident is more than 2 years ago — check the date is right']);
    const recent = validateIncident(draft('2024-05-15T09:01:00Z'), clock);
    expect(recent.ok && recent.warnings).toEqual([]);
  });

  it('is logged on a case and sorted newest first by when it happened', () => {
    const at = clock.now();
    const older = logIncident(draft('2026-05-01T10:00:00Z'), { id: 'i1', caseId: 'c', loggedBy: 'aad', loggedAt: at });
    const newer = logIncident(draft('2026-05-10T10:00:00Z'), { id: 'i2', caseId: 'c', loggedBy: 'aad', loggedByName: 'Sam', loggedAt: at });
    expect(newer.loggedByName).toBe('Sam');
    expect(incidentsNewestFirst([older, newer]).map((i) => i.id)).toEqual(['i2', 'i1']);
  });
});

describe('first incident', () => {
  it('is reported by the first victim on the new case', () => {
    const created = aCase({ victims: [aVictim('Alex'), aVictim('Jo')] });
    const first = { occurredAt: new Date('2026-05-01T10:00:00Z'), categories: ['noise' as const], description: 'Music', evidence: [] };
    expect(firstIncidentOf(created, first)).toEqual({ ...first, reportedBy: { personId: created.victims[0].id, name: 'Alex' } });
  });
});

describe('case notes', () => {
  it('corrects a note with a new note that points at it', () => {
    const original = writeNote('c', ' Spoke to victim on 3 May ', { id: 'aad-1', name: 'Sam' }, new Date('2026-05-04T10:00:00Z'), 'n1');
    const correction = correctionOf(original, 'It was 2 May, not 3 May', { id: 'aad-2' }, new Date('2026-05-05T10:00:00Z'), 'n2');
    expect(original).toEqual({ id: 'n1', caseId: 'c', author: 'aad-1', authorName: 'Sam', at: new Date('2026-05-04T10:00:00Z'), text: 'Spoke to victim on 3 May' });
    expect(correction).toEqual({
      id: 'n2',
      caseId: 'c',
      author: 'aad-2',
      at: new Date('2026-05-05T10:00:00Z'),
      text: 'It was 2 May, not 3 May',
      correctsNoteId: 'n1',
    });
    expect([...correctedNoteIds([original, correction])]).toEqual(['n1']);
  });
});

describe('postcodes', () => {
  it('normalises valid UK postcodes', () => {
    expect(normalisePostcode('sw1a1aa')).toBe('SW1A 1AA');
    expect(normalisePostcode(' m1  1ae ')).toBe('M1 1AE');
    expect(normalisePostcode('B33 8TH')).toBe('B33 8TH');
    expect(normalisePostcode('cr2 6xh')).toBe('CR2 6XH');
    expect(normalisePostcode('DN55 1PT')).toBe('DN55 1PT');
    expect(normalisePostcode('W1A 0AX')).toBe('W1A 0AX');
  });

  it('refuses things that are not postcodes', () => {
    for (const text of ['', 'SW1A', '12345', 'SW1A 1A', 'QQQ 1AA', '1AA SW1']) expect(normalisePostcode(text)).toBeUndefined();
    const result = postcodeSchema.safeParse('nope');
    expect(result.success === false && result.error.issues[0].message).toBe("That postcode doesn't look right — for example SW1A 1AA");
  });
});

describe('areas', () => {
  it('ships a valid default list and knows its wards', () => {
    expect(areaListSchema.safeParse(defaultAreas).success).toBe(true);
    expect(isKnownWard(defaultAreas, 'kingsford', 'riverside')).toBe(true);
    expect(isKnownWard(defaultAreas, 'kingsford', 'harbour')).toBe(false);
    expect(isKnownWard(defaultAreas, 'nowhere', 'riverside')).toBe(false);
  });

  it('refuses duplicate ids in configuration', () => {
    const twice = [...defaultAreas, defaultAreas[0]];
    expect(areaListSchema.safeParse(twice).success).toBe(false);
  });
});

describe('London wall-clock times', () => {
  it('converts across daylight saving', () => {
    expect(londonWallClockToInstant(2026, 1, 15, 9, 0)).toEqual(new Date('2026-01-15T09:00:00Z'));
    expect(londonWallClockToInstant(2026, 7, 15, 9, 0)).toEqual(new Date('2026-07-15T08:00:00Z'));
    // Clocks go forward at 01:00 GMT on 29 March 2026; 00:30 is still GMT, 02:30 is BST.
    expect(londonWallClockToInstant(2026, 3, 29, 0, 30)).toEqual(new Date('2026-03-29T00:30:00Z'));
    expect(londonWallClockToInstant(2026, 3, 29, 2, 30)).toEqual(new Date('2026-03-29T01:30:00Z'));
    // Clocks go back at 02:00 BST on 25 October 2026; 01:30 happens twice, the first (BST) is taken.
    expect(londonWallClockToInstant(2026, 10, 25, 1, 30)).toEqual(new Date('2026-10-25T00:30:00Z'));
  });
});
