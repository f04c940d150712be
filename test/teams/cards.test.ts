import { describe, expect, it } from '@jest/globals';
import { cardAttachment, cardSizeBytes, cardTemplates, MAX_CARD_BYTES, renderCard } from '../../src/teams/cards.js';
import { availableCommands, commands } from '../../src/teams/commands.js';
import { helpCard, teamWelcomeText, welcomeCard } from '../../src/teams/help/cards.js';
import { Verbs } from '../../src/teams/verbs.js';
import { newCaseFormCard } from '../../src/teams/cases/formCards.js';
import { caseCard } from '../../src/teams/cases/caseCards.js';
import { defaultAreas } from '../../src/domain/cases/areas.js';
import type { CaseView } from '../../src/services/caseFile.js';
import { aCase, aVictim } from '../domain/cases/caseFixtures.js';
import { cardProblems, expectValidCard, hiddenRequiredInputs, primaryButtons } from '../support/cards.js';

interface CardAction {
  type: string;
  title: string;
  verb?: string;
  fallback?: { type: string; data?: { verb?: string } };
}

const actionsOf = (card: Record<string, unknown>) => card.actions as CardAction[];

describe('card checker', () => {
  it('finds a required input that starts hidden, which Teams would refuse to send without a word', () => {
    const card = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'Input.Text', id: 'shown', isRequired: true, label: 'Shown' },
        { type: 'Container', id: 'later', isVisible: false, items: [{ type: 'Input.Date', id: 'inHidden', isRequired: true, label: 'Date' }] },
      ],
      actions: [{ type: 'Action.ShowCard', title: 'More', card: { type: 'AdaptiveCard', body: [{ type: 'Input.Text', id: 'inShowCard', isRequired: true, label: 'Why' }] } }],
    };
    expect(hiddenRequiredInputs(card)).toEqual(['inHidden', 'inShowCard']);
  });

  it('checks every card a test sees (expectValidCard): the new case form asks for nothing it hides', () => {
    const form = newCaseFormCard();
    expect(hiddenRequiredInputs(form)).toEqual([]);
    // Only the next "Add another" of each kind is offered at a time.
    const visibleButtons: string[] = [];
    for (const element of (form as { body: Array<Record<string, unknown>> }).body) {
      if (element.type === 'ActionSet') for (const action of element.actions as Array<{ title: string }>) visibleButtons.push(action.title);
    }
    expect(visibleButtons.filter((title) => title === 'Add another victim')).toHaveLength(1);
    expect(visibleButtons).not.toContain('Add another alleged perpetrator');
    expect(visibleButtons).toContain('Add an alleged perpetrator');
  });

  it('reports unknown elements and misspelt properties, so a pass means something', () => {
    const card = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: 'Hello', wieght: 'Bolder' }, { type: 'Slideshow' }],
      actions: [{ type: 'Action.Execute', title: 'Go', verb: 'help.show', colour: 'red' }],
    };
    const problems = cardProblems(card);
    expect(problems).toEqual(
      expect.arrayContaining([
        'TextBlock: unknown property "wieght"',
        'Action.Execute: unknown property "colour"',
        expect.stringContaining('Unknown element type "Slideshow"'),
      ]),
    );
  });
});

describe('the case card', () => {
  const view = (status: 'open' | 'closed', extra: Partial<CaseView> = {}): CaseView => {
    const current = aCase({ victims: [aVictim('Dora Reed')] }, status === 'closed' ? { status: 'closed' } : {});
    const notes = Array.from({ length: 3 }, (_, i) => ({ id: `n${i}`, caseId: current.id, author: 'aad-owner', authorName: 'Sam Owner', at: new Date('2026-01-11T10:00:00Z'), text: `Note ${i}` }));
    return { case: current, recentIncidents: [], incidentCount: 12, caseReview: [], recentNotes: notes, moreNotes: true, ...extra };
  };
  const now = new Date('2026-02-01T10:00:00Z');
  const secondaryTitles = (card: Record<string, unknown>) => (card.actions as Array<{ title: string; mode?: string }>).filter((a) => a.mode === 'secondary').map((a) => a.title);

  it('shows at most 4 primary buttons: Log incident, Risk assessment, Add note, Deadlines, and the lists it links to', () => {
    const card = expectValidCard(caseCard(view('open'), { areas: defaultAreas, now }));
    const cardLevel = (card.actions as Array<{ title: string; mode?: string }>).filter((a) => a.mode !== 'secondary').map((a) => a.title);
    expect(cardLevel).toEqual(['Log incident', 'Risk assessment', 'Add note', 'Deadlines']);
    // In the body, only the links to a section's full list.
    expect(primaryButtons(card).filter((t) => !cardLevel.includes(t))).toEqual(['Show all 12 incidents', 'All notes']);
    const more = secondaryTitles(card);
    expect(more).toEqual(expect.arrayContaining(['Add intervention', 'Record visit', 'Add person', 'Change status', 'Assign to…', 'Nominate for target group', 'Letter', 'ASB Case Review application']));
    // Close is last and apart from the everyday actions; its button opens the form that asks why and confirms.
    expect(more.at(-1)).toBe('Close');
  });

  it('keeps Reopen in the overflow menu of a closed case', () => {
    const card = expectValidCard(caseCard(view('closed'), { areas: defaultAreas, now }));
    expect(primaryButtons(card).length).toBeLessThanOrEqual(4);
    expect(secondaryTitles(card)).toEqual(['Reopen']);
  });
});

describe('verbs', () => {
  it('are all named feature.action and are unique', () => {
    const verbs = Object.values(Verbs);
    for (const verb of verbs) expect(verb).toMatch(/^[a-z]+\.[a-z][A-Za-z]*$/);
    expect(new Set(verbs).size).toBe(verbs.length);
  });
});

describe('commands', () => {
  it('have unique names that fit the Teams command menu', () => {
    const names = commands.map((command) => command.name);
    expect(new Set(names).size).toBe(names.length);
    for (const command of commands) {
      expect(command.name.length).toBeLessThanOrEqual(32);
      expect(command.description.length).toBeLessThanOrEqual(128);
      expect(command.usage.startsWith(command.name)).toBe(true);
      // Teams would read "<reference>" as an HTML tag and show nothing.
      expect(command.usage).not.toMatch(/[<>]/);
      expect(command.scopes.length).toBeGreaterThan(0);
    }
  });

  it('always offer help', () => {
    expect(availableCommands().map((command) => command.name)).toContain('help');
  });
});

describe('welcome card', () => {
  it('is a valid Adaptive Card 1.5 with the three main actions', () => {
    const card = expectValidCard(welcomeCard());
    const actions = actionsOf(card);
    expect(actions.map((action) => [action.title, action.verb])).toEqual([
      ['Log a new case', Verbs.caseNew],
      ['My cases', Verbs.casesMine],
      ['Help', Verbs.helpShow],
    ]);
  });

  it('falls back to Action.Submit carrying the same verb on clients without Universal Actions', () => {
    for (const action of actionsOf(expectValidCard(welcomeCard()))) {
      expect(action.type).toBe('Action.Execute');
      expect(action.fallback).toEqual(expect.objectContaining({ type: 'Action.Submit', data: { verb: action.verb } }));
    }
  });

  it('says what the assistant is for', () => {
    const text = JSON.stringify(welcomeCard().content);
    expect(text).toContain('ASB Case Assistant');
    expect(text).toContain('anti-social behaviour');
  });
});

describe('help card', () => {
  it('is valid and lists exactly the commands that are available', () => {
    const card = expectValidCard(helpCard());
    const factSet = (card.body as Array<{ type: string; facts?: Array<{ title: string; value: string }> }>).find((item) => item.type === 'FactSet');
    expect(factSet?.facts).toEqual(availableCommands().map((command) => ({ title: command.usage, value: command.description })));
  });

  it('stays valid and well within the size budget once every command is built', () => {
    const card = renderCard('help', { commands, verbs: Verbs });
    expectValidCard(card);
    expect(cardSizeBytes(card)).toBeLessThan(MAX_CARD_BYTES / 4);
    const facts = (card.body as Array<{ facts?: Array<{ title: string }> }>).flatMap((item) => item.facts ?? []);
    expect(facts.map((fact) => fact.title)).toEqual(commands.map((command) => command.usage));
  });
});

describe('buttons', () => {
  it('only use verbs from verbs.ts', () => {
    const known = new Set<string>(Object.values(Verbs));
    for (const card of [welcomeCard().content, helpCard().content, renderCard('help', { commands, verbs: Verbs })]) {
      const verbs = [...JSON.stringify(card).matchAll(/"verb":"([^"]*)"/g)].map((match) => match[1]);
      expect(verbs.length).toBeGreaterThan(0);
      for (const verb of verbs) expect(known).toContain(verb);
    }
  });
});

describe('team welcome', () => {
  it('is short plain text that tells the team how to get help', () => {
    const text = teamWelcomeText();
    expect(text.length).toBeLessThan(400);
    expect(text).toMatch(/help/);
  });
});

describe('renderCard', () => {
  it('can render every template and wraps cards as Adaptive Card attachments', () => {
    for (const name of cardTemplates) {
      const card = renderCard(name, { commands: availableCommands(), verbs: Verbs });
      expect(card.type).toBe('AdaptiveCard');
      expect(cardAttachment(card)).toEqual({ contentType: 'application/vnd.microsoft.card.adaptive', content: card });
    }
  });

  it('returns a fresh card each time, so one reply cannot change the next', () => {
    const first = renderCard('welcome', { verbs: Verbs });
    (first.body as unknown[]).length = 0;
    expect((renderCard('welcome', { verbs: Verbs }).body as unknown[]).length).toBeGreaterThan(0);
  });

  it('measures size in UTF-8 bytes', () => {
    const card = renderCard('help', { commands: [{ usage: 'café', description: '£' }], verbs: Verbs });
    expect(cardSizeBytes(card)).toBe(Buffer.byteLength(JSON.stringify(card), 'utf8'));
  });
});
