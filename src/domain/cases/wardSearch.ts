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

/** The wards listed for an area (every area's, named with their area, before one is chosen), each as it reads. */
function wardsOf(areas: readonly Area[], areaId: string | undefined): Array<{ id: string; name: string; title: string }> {
  const chosen = areas.filter((area) => area.id === areaId);
  const shown = chosen.length > 0 ? chosen : areas;
  return shown.flatMap((area) => area.wards.map((ward) => ({ id: ward.id, name: ward.name, title: shown.length === 1 ? ward.name : `${area.name}: ${ward.name}` })));
}

/**
 * The chosen area's wards whose name contains the typed text; before an area is chosen, every area's. A choice's
 * value is the words it shows, read back by `wardIdFrom`: the Adaptive Cards renderer of the Agents Playground
 * puts a typeahead's value in its text box, so a ward's id showed there once the form was drawn again.
 */
export function wardsMatching(areas: readonly Area[], areaId: string | undefined, typed: string, limit = MAX_WARD_RESULTS): WardChoice[] {
  const words = typed.trim().toLowerCase();
  return wardsOf(areas, areaId)
    .filter((ward) => ward.name.toLowerCase().includes(words))
    .slice(0, Math.max(0, limit))
    .map(({ title }) => ({ title, value: title }));
}

/** The ward a submitted choice names, in the chosen area (any area before one is chosen): by its id, name or "Area: Ward". */
export function wardIdFrom(areas: readonly Area[], areaId: string | undefined, submitted: string): string | undefined {
  const said = submitted.trim().toLowerCase();
  const area = areas.find((a) => a.id === areaId);
  const candidates = area ? area.wards.map((w) => ({ id: w.id, names: [w.name, `${area.name}: ${w.name}`] })) : wardsOf(areas, undefined).map((w) => ({ id: w.id, names: [w.title] }));
  return candidates.find((w) => w.id === submitted || w.names.some((n) => n.toLowerCase() === said))?.id;
}
