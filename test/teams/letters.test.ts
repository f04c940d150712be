/**
 * Letters end to end: every default template renders, the welcome letter names the victim and the reference
 * with its diary sheet, a warning to someone under 18 has a parent copy, and a council template missing a tag
 * is refused by name with nothing made.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PizZip from 'pizzip';
import { ManualClock } from '../../src/domain/clock.js';
import { letterTypes } from '../../src/domain/letters/letterTypes.js';
import { DEFAULT_TEMPLATES_DIR, LetterTemplateError, renderLetter } from '../../src/documents/letters.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardText, choiceValue, errorsOn, press, sayTo } from '../support/cardDriver.js';

const clock = new ManualClock('2026-11-23T10:00:00Z');
const templatesDir = mkdtempSync(join(tmpdir(), 'asb-letters-'));
let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot({ clock, env: { LETTER_TEMPLATES_DIR: templatesDir, LETTER_TEAM_NAME: 'Kingsford ASB Team' } });
});
afterAll(async () => bot.stop());

/** The text of a .docx's main part, tags and markup removed. */
const documentText = (docx: Buffer) => new PizZip(docx).file('word/document.xml')!.asText().replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

const data = {
  caseReference: 'ASB-2026-0042', date: '23 November 2026', officerName: 'Sam Officer', officerContact: '01632 960000', teamName: 'Kingsford ASB Team',
  copies: [{ recipientName: 'Alice Smith', recipientAddress: '12 Mill Lane', isParentCopy: false, subjectName: 'Alice Smith' }],
};

describe('default letter templates', () => {
  it.each(letterTypes.map((t) => t.id))('%s renders with the recipient and the reference', (type) => {
    const text = documentText(renderLetter(type, data));
    expect(text).toContain('Alice Smith');
    expect(text).toContain('ASB-2026-0042');
    expect(text).not.toMatch(/[{}]/);
  });

  it('a template missing a tag, or using an unknown one, gets a clear error naming it', () => {
    const broken = mkdtempSync(join(tmpdir(), 'asb-broken-'));
    const zip = new PizZip(readFileSync(join(DEFAULT_TEMPLATES_DIR, 'closure-victim.docx')));
    zip.file('word/document.xml', zip.file('word/document.xml')!.asText().replaceAll('{recipientName}', 'Resident'));
    writeFileSync(join(broken, 'closure-victim.docx'), zip.generate({ type: 'nodebuffer' }));
    expect(() => renderLetter('closure-victim', data, broken)).toThrow(LetterTemplateError);
    expect(() => renderLetter('closure-victim', data, broken)).toThrow(/closure-victim\.docx has no \{recipientName\} tag/);
    zip.file('word/document.xml', zip.file('word/document.xml')!.asText().replace('Resident', '{recipientNmae}'));
    writeFileSync(join(broken, 'closure-victim.docx'), zip.generate({ type: 'nodebuffer' }));
    expect(() => renderLetter('closure-victim', data, broken)).toThrow(/uses \{recipientNmae\}, which is not a letter field/);
  });

  it("a council's template is read once, and read again when the council replaces the file", () => {
    const own = mkdtempSync(join(tmpdir(), 'asb-own-'));
    const withWording = (wording: string) => {
      const zip = new PizZip(readFileSync(join(DEFAULT_TEMPLATES_DIR, 'stage-1-warning.docx')));
      zip.file('word/document.xml', zip.file('word/document.xml')!.asText().replace('{caseReference}', `{caseReference} ${wording}`));
      writeFileSync(join(own, 'stage-1-warning.docx'), zip.generate({ type: 'nodebuffer' }));
    };
    withWording('Kingsford wording');
    expect(documentText(renderLetter('stage-1-warning', data, own))).toContain('Kingsford wording');
    expect(documentText(renderLetter('stage-1-warning', { ...data, caseReference: 'ASB-2026-0043' }, own))).toContain('ASB-2026-0043 Kingsford wording');
    withWording('Kingsford wording, revised');
    expect(documentText(renderLetter('stage-1-warning', data, own))).toContain('Kingsford wording, revised');
  });
});

describe('letters from the case card', () => {
  it('makes the welcome letter and a warning with a parent copy, records the sending, and makes nothing from a broken template', async () => {
    const opened = await press(bot, await sayTo(bot, 'new case'), 'Open case', {
      area: 'kingsford', ward: 'kingsford-central', categories: 'noise', address: '12 Mill Lane, Kingsford', source: 'phone',
      victim1Name: 'Alice Smith', victim1Consent: 'true', perpetrator1Name: 'Jay Bloggs', perpetrator1DateOfBirth: '2010-05-01', perpetrator1Tenure: 'council',
    });
    const reference = /ASB-2026-\d{4}/.exec(cardText(opened))![0];
    const form = await press(bot, opened, 'Letter');
    const welcome = await press(bot, form, 'Make letter', { letter: choiceValue(form, 'letter', 'Welcome letter with diary sheet: Alice Smith') });
    const download = async (card: unknown) => {
      const url = /"url":"([^"]+\/downloads\/letters\/[^"]+)"/.exec(JSON.stringify(card))![1]!;
      const response = await fetch(url);
      expect(response.status).toBe(200);
      return Buffer.from(await response.arrayBuffer());
    };
    const welcomeText = documentText(await download(welcome));
    expect(welcomeText).toContain('Dear Alice Smith');
    expect(welcomeText).toContain(reference);
    expect(welcomeText).toMatch(/Date Time What happened Who Effect on you/);

    const warningChoice = choiceValue(form, 'letter', 'Stage 1 warning: Jay Bloggs (under 18: parent copy)');
    expect(errorsOn(await press(bot, form, 'Make letter', { letter: warningChoice }))).toContain("This person is under 18: enter their parent's or guardian's name and address, so they get a copy.");
    const warning = await press(bot, form, 'Make letter', { letter: warningChoice, parentName: 'Pat Bloggs', parentAddress: '3 Oak Road, Kingsford' });
    const warningText = documentText(await download(warning));
    expect(warningText).toContain('Dear Jay Bloggs');
    expect(warningText).toContain('Copy for the parent or guardian of Jay Bloggs');
    expect(warningText).toContain('Dear Pat Bloggs');
    const sent = await press(bot, warning, 'Record sending', { sentBy: 'hand', sentOn: '2026-11-23' });
    expect(cardText(sent)).toContain('Sent by hand delivery on 2026-11-23.');

    // In a channel no letter is offered or made: its link would open for everyone present.
    const inChannel = await press(bot, opened, 'Letter', {}, { conversation: 'channel' });
    expect(cardText(inChannel)).toContain('only in our personal chat');
    expect(JSON.stringify(inChannel)).not.toContain('Alice Smith');
    expect(JSON.stringify(inChannel)).not.toContain('Jay Bloggs');
    const recordsBefore = await bot.assistant.deps.db.collection('letters').countDocuments();
    const madeInChannel = await press(bot, form, 'Make letter', { letter: warningChoice, parentName: 'Pat Bloggs', parentAddress: '3 Oak Road, Kingsford' }, { conversation: 'channel' });
    expect(cardText(madeInChannel)).toContain('only in our personal chat');
    expect(JSON.stringify(madeInChannel)).not.toMatch(/Download letter|\/downloads\//);
    expect(await bot.assistant.deps.db.collection('letters').countDocuments()).toBe(recordsBefore);

    // A council template missing a tag: a clear message, and no letter record.
    const zip = new PizZip(readFileSync(join(DEFAULT_TEMPLATES_DIR, 'stage-2-warning.docx')));
    zip.file('word/document.xml', zip.file('word/document.xml')!.asText().replaceAll('{caseReference}', ''));
    writeFileSync(join(templatesDir, 'stage-2-warning.docx'), zip.generate({ type: 'nodebuffer' }));
    const letters = bot.assistant.deps.db.collection('letters');
    const before = await letters.countDocuments();
    const refused = await press(bot, form, 'Make letter', { letter: choiceValue(form, 'letter', 'Stage 2 final warning: Jay Bloggs (under 18: parent copy)') });
    expect(cardText(refused)).toContain('stage-2-warning.docx has no {caseReference} tag');
    expect(await letters.countDocuments()).toBe(before);
    expect(before).toBe(2);
  });
});
