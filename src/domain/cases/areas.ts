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
