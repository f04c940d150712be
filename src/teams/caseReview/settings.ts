/**
 * "Case Review settings…" (from the team card, or `case review settings`): a team admin or manager sets the
 * team's ASB Case Review thresholds, local rules and timescales. Bad input comes back with its message by the
 * field and every value kept. The card holds no personal data.
 */
import type { Deps } from '../../deps.js';
import { settingsFields as f, settingsFormSchema, settingsFormValues, type CaseReviewSettings } from '../../domain/caseReview/settings.js';
import { parseForm } from '../../domain/cases/forms.js';
import type { AssistantApp } from '../app.js';
import { asCard, attach, card, execute, formErrors, formState, heading, note, subheading, text, textInput, toggleInput, type Element, type FormState } from '../cardKit.js';
import { messageCard } from '../cases/caseCards.js';
import { onCommand, onExecute } from '../routes.js';
import { TeamVerbs } from '../team/verbs.js';
import { caseReviewCommands, CaseReviewVerbs } from './verbs.js';

const days = (form: FormState, id: string, label: string) => textInput(form, id, { label: `${label} (working days)`, maxLength: 4 });

export function caseReviewSettingsCard(form: FormState, banner?: string): Element {
  return card(
    [
      ...(banner ? [text(banner, { color: 'Good', weight: 'Bolder' })] : []),
      heading('ASB Case Review settings'),
      note("Your partnership's published threshold and timescales. Each application keeps the values that applied when it was recorded."),
      ...formErrors(form),
      subheading('Threshold'),
      ...textInput(form, f.thresholdAt, { label: 'Qualifying complaints that meet the threshold', maxLength: 4 }),
      ...textInput(form, f.explainAt, { label: 'Qualifying complaints at which the officer explains the Case Review', maxLength: 4 }),
      ...textInput(form, f.windowMonths, { label: 'Counted over the last (months)', maxLength: 4 }),
      ...textInput(form, f.reportedWithinMonths, { label: 'A complaint qualifies if reported within (months of the behaviour)', maxLength: 4 }),
      subheading('Local rules'),
      ...toggleInput(form, f.hateRule, 'One hate incident or crime in the period meets the threshold'),
      ...toggleInput(form, f.individualsRule, 'Several individuals complaining about the same problem meet the threshold'),
      ...textInput(form, f.individuals, { label: 'How many individuals', maxLength: 4 }),
      subheading('Timescales'),
      ...days(form, f.acknowledge, 'Acknowledge the application within'),
      ...days(form, f.decide, 'Decide within'),
      ...days(form, f.holdMeeting, 'Hold the review meeting within'),
      ...days(form, f.sendOutcome, 'Send the outcome within'),
      ...days(form, f.appeal, 'Decide an appeal within'),
    ],
    [
      execute('Save Case Review settings', CaseReviewVerbs.saveSettings, {}, { style: 'positive' }),
      execute('Back to team', TeamVerbs.show, {}, { associatedInputs: 'none' }),
    ],
  );
}

export function registerCaseReviewSettings(app: AssistantApp, deps: Deps): void {
  const current = async (teamId: string | undefined): Promise<CaseReviewSettings> => deps.roster.caseReviewSettingsOf(teamId);
  const show = async (teamId: string | undefined, banner?: string) => caseReviewSettingsCard({ values: settingsFormValues(await current(teamId)), errors: {} }, banner);

  onExecute(app, CaseReviewVerbs.settings, 'case-review-settings', async (_context, _data, actor) => asCard(await show(actor.teamId)));
  onCommand(app, caseReviewCommands.settings, 'case review settings', 'case-review-settings', async (context, actor) => {
    await context.sendActivity(attach(await show(actor.teamId)));
  });
  onExecute(app, CaseReviewVerbs.saveSettings, 'case-review-settings', async (_context, data, actor) => {
    const parsed = parseForm(settingsFormSchema, data);
    if (!parsed.ok) return asCard(caseReviewSettingsCard(formState(parsed.errors, parsed.values)));
    const saved = await deps.roster.setCaseReviewSettings(actor, parsed.value);
    if (!saved.ok) return asCard(messageCard(saved.message));
    return asCard(await show(actor.teamId, 'Case Review settings saved. New applications use them.'));
  });
}
