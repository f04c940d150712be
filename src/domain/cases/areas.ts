/**
 * The towns/areas a team covers and the wards in each. The list is configuration;
 * `defaultAreas` is a fictional county used until a council supplies its own.
 */
import { z } from 'zod';

const slug = z.string().trim().min(1).max(60).regex(/^[a-z0-9-]+$/, 'Use lower-case letters, digits and hyphens');

export const wardSchema = z.object({ id: slug, name: z.string().trim().min(1).max(100) });
export const areaSchema = z.object({
  id: slug,
  name: z.string().trim().min(1).max(100),
  wards: z.array(wardSchema).min(1),
});
export const areaListSchema = z
  .array(areaSchema)
  .min(1)
  .superRefine((areas, ctx) => {
    const seen = new Set<string>();
    areas.forEach((area, index) => {
      if (seen.has(area.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `Area id ${area.id} is listed twice` });
      seen.add(area.id);
      const wards = new Set<string>();
      area.wards.forEach((ward, wardIndex) => {
        if (wards.has(ward.id))
          ctx.addIssue({ code: 'custom', path: [index, 'wards', wardIndex, 'id'], message: `Ward id ${ward.id} is listed twice in ${area.name}` });
        wards.add(ward.id);
      });
    });
  });

export type Ward = z.infer<typeof wardSchema>;
export type Area = z.infer<typeof areaSchema>;

export const defaultAreas: Area[] = [
  {
    id: 'kingsford',
    name: 'Kingsford',
    wards: [
      { id: 'kingsford-central', name: 'Kingsford Central' },
      { id: 'kingsford-north', name: 'Kingsford North' },
      { id: 'riverside', name: 'Riverside' },
    ],
  },
  {
    id: 'porthaven',
    name: 'Porthaven',
    wards: [
      { id: 'harbour', name: 'Harbour' },
      { id: 'porthaven-east', name: 'Porthaven East' },
      { id: 'westcliff', name: 'Westcliff' },
    ],
  },
  {
    id: 'millbrook',
    name: 'Millbrook',
    wards: [
      { id: 'millbrook-town', name: 'Millbrook Town' },
      { id: 'oakfield', name: 'Oakfield' },
    ],
  },
  {
    id: 'ashcombe',
    name: 'Ashcombe',
    wards: [
      { id: 'ashcombe-village', name: 'Ashcombe Village' },
      { id: 'upper-ashcombe', name: 'Upper Ashcombe' },
    ],
  },
];

export function findArea(areas: readonly Area[], areaId: string): Area | undefined {
  return areas.find((area) => area.id === areaId);
}

export function isKnownArea(areas: readonly Area[], areaId: string): boolean {
  return findArea(areas, areaId) !== undefined;
}

export function isKnownWard(areas: readonly Area[], areaId: string, wardId: string): boolean {
  return findArea(areas, areaId)?.wards.some((ward) => ward.id === wardId) ?? false;
}

export function areaName(areas: readonly Area[], areaId: string): string {
  return findArea(areas, areaId)?.name ?? areaId;
}

export function wardName(areas: readonly Area[], areaId: string, wardId: string): string {
  return findArea(areas, areaId)?.wards.find((ward) => ward.id === wardId)?.name ?? wardId;
}

/** Ids from names: "Mill Hill East" → "mill-hill-east". */
export function slugOf(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'area';
}

/** The areas as an admin edits them: one line per area, "Area: ward, ward, ward". */
export function areasAsLines(areas: readonly Area[]): string {
  return areas.map((a) => `${a.name}: ${a.wards.map((w) => w.name).join(', ')}`).join('\n');
}

export const MAX_AREAS = 50;
export const MAX_WARDS_PER_AREA = 100;

export type AreaLinesResult = { ok: true; areas: Area[] } | { ok: false; message: string };

/**
 * Reads "Area: ward, ward" lines. An area or ward keeps its id when its name is unchanged (cases store ids),
 * and a new one gets an id from its name.
 */
export function parseAreaLines(text: string, existing: readonly Area[]): AreaLinesResult {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
  if (lines.length === 0) return { ok: false, message: 'Enter at least one area, like "Kingsford: Kingsford Central, Quayside".' };
  if (lines.length > MAX_AREAS) return { ok: false, message: `At most ${MAX_AREAS} areas.` };
  const byName = new Map(existing.map((a) => [a.name.toLowerCase(), a]));
  const areas: Area[] = [];
  for (const [index, line] of lines.entries()) {
    const colon = line.indexOf(':');
    const name = (colon < 0 ? line : line.slice(0, colon)).trim();
    const wardNames = colon < 0 ? [] : line.slice(colon + 1).split(',').map((w) => w.trim()).filter((w) => w !== '');
    if (!name) return { ok: false, message: `Line ${index + 1}: give the area's name before the colon.` };
    if (wardNames.length === 0) return { ok: false, message: `${name}: list its wards after a colon, separated by commas.` };
    if (wardNames.length > MAX_WARDS_PER_AREA) return { ok: false, message: `${name}: at most ${MAX_WARDS_PER_AREA} wards.` };
    const before = byName.get(name.toLowerCase());
    const wardsBefore = new Map((before?.wards ?? []).map((w) => [w.name.toLowerCase(), w]));
    areas.push({ id: before?.id ?? slugOf(name), name, wards: wardNames.map((w) => ({ id: wardsBefore.get(w.toLowerCase())?.id ?? slugOf(w), name: w })) });
  }
  const checked = areaListSchema.safeParse(areas);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { ok: false, message: (issue?.message ?? 'Check the areas').replace(/id (\S+) is listed twice/, 'name $1 is listed twice') };
  }
  return { ok: true, areas: checked.data };
}

/** Areas and wards that open cases still use and the new list would drop: they must stay. */
export function droppedInUse(next: readonly Area[], inUse: ReadonlyArray<{ area: string; ward: string }>, existing: readonly Area[]): string[] {
  const nameOf = (areaId: string, wardId?: string) => {
    const area = existing.find((a) => a.id === areaId);
    return wardId ? `${area?.wards.find((w) => w.id === wardId)?.name ?? wardId} (${area?.name ?? areaId})` : area?.name ?? areaId;
  };
  const dropped = new Set<string>();
  for (const used of inUse) {
    const area = next.find((a) => a.id === used.area);
    if (!area) dropped.add(nameOf(used.area));
    else if (!area.wards.some((w) => w.id === used.ward)) dropped.add(nameOf(used.area, used.ward));
  }
  return [...dropped];
}
