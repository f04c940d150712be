/**
 * Adaptive Cards from templates: each card is a JSON template in cards/ (schema 1.5), expanded with a typed
 * view model by adaptivecards-templating. Cards stay well under Teams' 28 KB message limit.
 */
import * as ACData from 'adaptivecards-templating';
import { CardFactory, type Attachment } from 'botbuilder';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const cardTemplates = ['welcome', 'help'] as const;
export type CardTemplateName = (typeof cardTemplates)[number];

export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

/** Teams refuses messages above 28 KB; cards must leave room for the rest of the activity. */
export const MAX_CARD_BYTES = 28 * 1024;

const cardsDir = fileURLToPath(new URL('../../cards/', import.meta.url));
const templates = new Map<CardTemplateName, object>();

function template(name: CardTemplateName): object {
  let loaded = templates.get(name);
  if (!loaded) {
    loaded = JSON.parse(readFileSync(`${cardsDir}${name}.json`, 'utf8')) as object;
    templates.set(name, loaded);
  }
  return loaded;
}

export function renderCard<TModel extends object>(name: CardTemplateName, model: TModel): AdaptiveCard {
  return new ACData.Template(template(name)).expand({ $root: model }) as AdaptiveCard;
}

export function cardAttachment(card: AdaptiveCard): Attachment {
  return CardFactory.adaptiveCard(card);
}

export function cardSizeBytes(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}
