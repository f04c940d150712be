/** `figures`: the month's figures as a card with charts and downloads; the card's pickers change period and area. */
import type { z } from 'zod';
import type { Deps } from '../../deps.js';
import { daysBetween, todayInLondon, type LocalDate } from '../../domain/calendar/localDate.js';
import { defaultAreas } from '../../domain/cases/areas.js';
import { formSchema, formValues, parseForm } from '../../domain/cases/forms.js';
import { formatIsoDate } from '../../domain/cases/londonTime.js';
import { MAX_PERIOD_DAYS, periodChoices, periodFor, type PeriodChoice } from '../../domain/figures/period.js';
import type { FiguresRequest } from '../../services/figures.js';
import type { AssistantApp } from '../app.js';
import { asCard, attach, type CardData, type Element, type FormState } from '../cardKit.js';
import { actorOf } from '../actor.js';
import { onCommand, onExecute } from '../routes.js';
import { ALL_AREAS, figuresCard, figuresFields as f, figuresPickerCard, returnCard } from './cards.js';
import { homesSchema } from '../../domain/figures/returns.js';
import { returnKinds, type ReturnKind } from '../../services/figures.js';
import { messageCard } from '../cases/caseCards.js';
import { FiguresVerbs } from './verbs.js';

const NO_FIGURES = 'Figures are for the ASB team: managers see the whole team, officers their own caseload.';

export function figuresRequestSchema(today: LocalDate, areaIds: readonly string[]): z.ZodType<FiguresRequest, z.ZodTypeDef, unknown> {
  return formSchema((form) => {
    const choice = form.choice(f.period, periodChoices.map((p) => p.id) as PeriodChoice[], { invalid: 'Choose one of the periods listed' }) ?? 'this-month';
    const area = form.choice(f.area, [ALL_AREAS, ...areaIds], { invalid: 'Choose one of the areas listed' });
    const day = (field: string) => {
      const d = form.date(field, { required: choice === 'custom' ? 'Enter the date' : undefined });
      return d ? formatIsoDate(d.year, d.month, d.day) : undefined;
    };
    const from = choice === 'custom' ? day(f.from) : undefined;
    const to = choice === 'custom' ? day(f.to) : undefined;
    if (from && to && from > to) form.fail(f.to, 'The end must be on or after the start');
    else if (from && to && daysBetween(from, to) > MAX_PERIOD_DAYS) form.fail(f.to, 'Choose at most two years');
    const period = choice === 'custom' ? { from: from ?? today, to: to ?? today } : periodFor(choice, today);
    return { period, ...(area && area !== ALL_AREAS ? { area } : {}) };
  });
}

export function registerFigures(app: AssistantApp, deps: Deps): void {
  const areas = defaultAreas;
  const answer = async (context: Parameters<Parameters<AssistantApp['message']>[1]>[0], data: CardData): Promise<Element> => {
    const officer = actorOf(context);
    const parsed = parseForm(figuresRequestSchema(todayInLondon(deps.clock), areas.map((a) => a.id)), data);
    const values = formValues(data);
    if (!parsed.ok) return figuresPickerCard({ values, errors: Object.fromEntries(parsed.errors.map((e) => [e.field, e.message])) }, areas);
    const view = await deps.figures.view(officer, parsed.value);
    const form: FormState = { values: { [f.period]: 'this-month', [f.area]: ALL_AREAS, ...values }, errors: {} };
    return view ? figuresCard(view, form, areas) : figuresPickerCard(form, areas, NO_FIGURES);
  };
  onCommand(app, /^\s*figures\s*$/i, 'figures', 'use', async (context) => {
    await context.sendActivity(attach(await answer(context, {})));
  });
  const returnTitles: Record<ReturnKind, string> = { nm01: 'NM01: ASB cases per 1,000 homes', prevention: 'Prevention rate per quarter' };
  const aReturn = async (context: Parameters<Parameters<AssistantApp['message']>[1]>[0], kind: ReturnKind, year?: number): Promise<Element> => {
    const made = await deps.figures.returnFor(actorOf(context), kind, year);
    if (made.ok) return returnCard(returnTitles[kind], made.period, made.sheet, made.csv);
    return messageCard(made.reason === 'no-homes' ? 'NM01 needs the number of homes you own: a manager types `set homes 12500` (your number) once.' : 'Returns are for managers of the ASB team.');
  };
  onCommand(app, /^\s*(nm01|prevention return)(?:\s+(\d{4}))?\s*$/i, 'nm01', 'list-cases', async (context) => {
    const [, which, year] = /^\s*(nm01|prevention return)(?:\s+(\d{4}))?\s*$/i.exec(context.activity.text ?? '') ?? [];
    await context.sendActivity(attach(await aReturn(context, which!.toLowerCase() === 'nm01' ? 'nm01' : 'prevention', year ? Number(year) : undefined)));
  });
  onCommand(app, /^\s*set homes\s+(\S+)\s*$/i, 'set homes 12500', 'list-cases', async (context) => {
    const typed = /^\s*set homes\s+(\S+)\s*$/i.exec(context.activity.text ?? '')?.[1]?.replace(/,/g, '');
    const homes = homesSchema.safeParse(typed);
    if (!homes.success) return void (await context.sendActivity(attach(messageCard(homes.error.issues[0]?.message ?? 'Enter the number of homes, e.g. 12500'))));
    const saved = await deps.figures.setHomes(actorOf(context), homes.data);
    await context.sendActivity(attach(messageCard(saved ? `Homes set to ${homes.data.toLocaleString('en-GB')}. NM01 counts per 1,000 of them.` : 'Only a manager of the ASB team can set the number of homes.')));
  });
  onExecute<CardData>(app, FiguresVerbs.return, 'list-cases', async (context, data) => {
    const kind = returnKinds.find((k) => k === data?.kind);
    return asCard(kind ? await aReturn(context, kind) : messageCard('Choose a return from the figures card.'));
  });
  onExecute<CardData>(app, FiguresVerbs.show, 'use', async (context, data) => asCard(await answer(context, data)));
}
