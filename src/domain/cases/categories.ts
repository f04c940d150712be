/** The kinds of ASB a case or incident can be about. A case has one or more. */
import { z } from 'zod';

export const asbCategories = [
  { id: 'hate-incident', label: 'Hate incident' },
  { id: 'threats', label: 'Threats' },
  { id: 'assault', label: 'Assault' },
  { id: 'abusive-behaviour', label: 'Abusive behaviour' },
  { id: 'noise', label: 'Noise' },
  { id: 'gang-related', label: 'Gang-related activity' },
  { id: 'criminality', label: 'Criminality' },
  { id: 'substance-misuse', label: 'Substance misuse' },
  { id: 'public-disorder', label: 'Public disorder' },
  { id: 'animal-nuisance', label: 'Animal nuisance' },
  { id: 'domestic-abuse', label: 'Domestic abuse' },
  { id: 'safeguarding-concern', label: 'Safeguarding concern' },
  { id: 'environmental', label: 'Environmental (fly-tipping, graffiti)' },
  { id: 'other-nuisance', label: 'Other nuisance' },
] as const;

export type AsbCategory = (typeof asbCategories)[number]['id'];
export const asbCategoryIds = asbCategories.map((category) => category.id) as [AsbCategory, ...AsbCategory[]];
export const asbCategorySchema = z.enum(asbCategoryIds);
export const asbCategoryListSchema = z
  .array(asbCategorySchema)
  .min(1, 'Choose at least one category')
  .transform((list) => [...new Set(list)]);

export function categoryLabel(id: AsbCategory): string {
  return asbCategories.find((category) => category.id === id)?.label ?? id;
}
