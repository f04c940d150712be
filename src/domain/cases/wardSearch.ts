/**
 * The ward typeahead of the case forms: the wards of the chosen area that match what is typed. Teams sends
 * the form's other inputs with the search (Data.Query with associatedInputs "auto"), so the ward list follows
 * the area without redrawing the form, which Teams could not send while its required inputs were empty.
 */
import type { Area } from './areas.js';

/** Teams shows at most 15 typeahead results (Teams platform docs, "Typeahead search in Adaptive Cards"). */
export const MAX_WARD_RESULTS = 15;

export interface WardChoice {
  title: string;
  value: string;
}

/** The chosen area's wards whose name contains the typed text; before an area is chosen, every area's. */
export function wardsMatching(areas: readonly Area[], areaId: string | undefined, typed: string, limit = MAX_WARD_RESULTS): WardChoice[] {
  const chosen = areas.filter((area) => area.id === areaId);
  const shown = chosen.length > 0 ? chosen : areas;
  const words = typed.trim().toLowerCase();
  return shown
    .flatMap((area) => area.wards.map((ward) => ({ title: shown.length === 1 ? ward.name : `${area.name}: ${ward.name}`, value: ward.id, name: ward.name })))
    .filter((ward) => ward.name.toLowerCase().includes(words))
    .slice(0, Math.max(0, limit))
    .map(({ title, value }) => ({ title, value }));
}
