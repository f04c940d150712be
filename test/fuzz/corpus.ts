/**
 * The fuzz corpus: seeded, reproducible hostile activities and card payloads for /api/messages. Wrong types,
 * missing fields, 1 MB strings, deep nesting, `$`-prefixed keys, `__proto__`, NUL bytes, invalid dates,
 * unknown verbs, other tenants' ids, and the app's real verbs with hostile data.
 */
import fc from 'fast-check';
import { CaseVerbs } from '../../src/teams/cases/verbs.js';
import { InterventionVerbs } from '../../src/teams/interventions/verbs.js';
import { MeetingVerbs } from '../../src/teams/meetings/verbs.js';
import { ReminderVerbs } from '../../src/teams/reminders/verbs.js';
import { RiskVerbs } from '../../src/teams/risk/verbs.js';
import { Verbs } from '../../src/teams/verbs.js';
import { invokeAction, messageActivity, TEST_TENANT } from '../support/activities.js';

export const FUZZ_SEED = 1207;

const realVerbs = [Verbs, CaseVerbs, InterventionVerbs, MeetingVerbs, ReminderVerbs, RiskVerbs].flatMap((group) => Object.values(group).map(String));

const hostileString = fc.oneof(
  fc.string(),
  fc.constantFrom('\u0000', 'a\u0000b', '$where', '{"$gt":""}', '__proto__', 'constructor', '../../etc/passwd', '<script>', '2026-02-30', 'not a date', '9999-99-99T99:99'),
  fc.constant('x'.repeat(1024 * 1024 - 4096)),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
);

const hostileKey = fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('$set', '$where', '$gt', '__proto__', 'constructor', 'prototype', 'a.b', '$', ''));

/** Any JSON-like value, with hostile keys and strings, nested up to a depth that still fits a request. */
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Nesting far deeper than any card: 2,000 levels of objects. */
const deepNesting = fc.constant(null).map(() => {
  let nested: Record<string, unknown> = { end: true };
  for (let i = 0; i < 2000; i++) nested = { a: nested };
  return nested;
});

const tenant = fc.constantFrom(TEST_TENANT, 'another-tenant', '', '00000000-0000-0000-0000-000000000000');
const officer = fc.constantFrom('aad-officer-1', 'aad-manager-1', 'aad-stranger', '');

export const hostileActivity: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  // A message with a real command or hostile text, from any tenant.
  fc.record({ text: fc.oneof(fc.constantFrom('help', 'new case', 'my cases', 'find', 'case ASB-2026-00001', 'audit ASB-2026-00001', 'end meeting'), hostileString), tenant, officer }).map(({ text, tenant, officer }) =>
    messageActivity(text, { tenantId: tenant, aadObjectId: officer }) as Record<string, unknown>,
  ),
  // A real or unknown verb with hostile card data.
  fc.record({ verb: fc.oneof(fc.constantFrom(...realVerbs), hostileString), data: fc.oneof(fc.dictionary(hostileKey, hostileValue, { maxKeys: 8 }), deepNesting), tenant, officer }).map(({ verb, data, tenant, officer }) =>
    invokeAction(verb, data as Record<string, unknown>, { tenantId: tenant, aadObjectId: officer }) as Record<string, unknown>,
  ),
  // A well-formed envelope with fields of the wrong type, or missing.
  fc.record({ base: fc.constant(messageActivity('help') as Record<string, unknown>), field: fc.constantFrom('from', 'recipient', 'channelData', 'value', 'text', 'timestamp', 'entities', 'attachments', 'locale', 'id'), value: hostileValue }).map(({ base, field, value }) => ({
    ...base,
    [field]: value,
  })),
  // Anything at all with a type.
  fc.record({ type: fc.oneof(fc.constantFrom('message', 'invoke', 'conversationUpdate', 'installationUpdate', 'messageReaction', 'event'), hostileString), rest: fc.dictionary(hostileKey, hostileValue, { maxKeys: 6 }) }).map(({ type, rest }) => ({
    ...rest,
    type,
    conversation: { id: 'a:fuzz', tenantId: TEST_TENANT },
  })),
);

/** A button found on one of the bot's real cards: its verb, the data it carries and the inputs of its card. */
export interface RealButton {
  verb: string;
  data: Record<string, unknown>;
  inputs: string[];
}

/** Signed-download paths and query strings as an attacker would try them: hostile kinds, ids, extensions and signatures. */
export function downloadPaths(size: number): string[] {
  const part = fc.oneof(hostileString.map((text) => text.slice(0, 2000)), fc.constantFrom('minutes', 'letters', 'figures', 'exports', 'charts', '..', '%00', '%2e%2e%2f'));
  const path = fc.record({ kind: part, id: part, ext: fc.constantFrom('.docx', '.csv', '.png', '.xlsx', ''), query: fc.dictionary(fc.constantFrom('exp', 'sig', 'person', 'tenant', 'x'), part, { maxKeys: 4 }) });
  return fc.sample(path, { seed: FUZZ_SEED, numRuns: size }).map(({ kind, id, ext, query }) => {
    const search = new URLSearchParams(query).toString();
    return `/downloads/${encodeURIComponent(kind)}/${encodeURIComponent(id)}${ext}${search ? `?${search}` : ''}`;
  });
}

/** A value of a type no card input or button ever sends (Teams sends inputs as strings). */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant({ $gt: '' }),
  fc.constant(JSON.parse('{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}}}') as unknown),
  fc.array(hostileString, { maxLength: 3 }),
  deepNesting,
);

/**
 * A real button pressed with hostile data, two ways that must change nothing stored:
 * - every field it carries and every input of its card of a type no card sends, a few then set to hostile strings;
 * - its data left as it is (the real case's ids) but pressed by someone of another tenant or outside the team.
 */
function realButtonPress(buttons: readonly RealButton[]): fc.Arbitrary<Record<string, unknown>> {
  const broken = fc.constantFrom(...buttons).chain((button) => {
    const fields = [...Object.keys(button.data).filter((key) => key !== 'verb'), ...button.inputs];
    return fc
      .record({
        typed: fc.tuple(...fields.map(() => wrongType)),
        strings: fc.array(fc.record({ at: fc.nat(Math.max(fields.length - 1, 0)), value: hostileString }), { maxLength: 2 }),
        tenant,
        officer,
      })
      .map(({ typed, strings, tenant, officer }) => {
        const data: Record<string, unknown> = { ...button.data };
        fields.forEach((field, i) => (data[field] = typed[i]));
        // Never the first field: it stays of the wrong type, so the press as a whole is never a valid action.
        for (const { at, value } of strings) if (at > 0) data[fields[at]!] = value;
        return invokeAction(button.verb, data, { tenantId: tenant, aadObjectId: officer }) as Record<string, unknown>;
      });
  });
  const stranger = fc.record({ button: fc.constantFrom(...buttons), tenantId: fc.constantFrom('another-tenant', '00000000-0000-0000-0000-000000000000'), text: hostileString }).map(({ button, tenantId, text }) => {
    const data = Object.fromEntries([...Object.entries(button.data), ...button.inputs.map((input) => [input, text])]);
    return invokeAction(button.verb, data, { tenantId, aadObjectId: 'aad-officer-1' }) as Record<string, unknown>;
  });
  return fc.oneof(broken, stranger);
}

/** `size` activities, the same ones for the same seed and buttons; with buttons, a third press one of them. */
export function corpus(size: number, buttons: readonly RealButton[] = []): Array<Record<string, unknown>> {
  const activities = buttons.length > 0 ? fc.oneof({ arbitrary: hostileActivity, weight: 2 }, { arbitrary: realButtonPress(buttons), weight: 1 }) : hostileActivity;
  return fc.sample(activities, { seed: FUZZ_SEED, numRuns: size });
}
