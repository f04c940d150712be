import { z } from 'zod';

/** How often the officer agreed to update a victim. */
export const updateFrequencies = ['weekly', 'fortnightly', 'monthly'] as const;
export const updateFrequencySchema = z.enum(updateFrequencies);
export type UpdateFrequency = z.infer<typeof updateFrequencySchema>;
