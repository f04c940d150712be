import { z } from 'zod';

/** The victim risk levels, lowest first. */
export const riskLevels = ['standard', 'medium', 'high'] as const;
export const riskLevelSchema = z.enum(riskLevels);
export type RiskLevel = z.infer<typeof riskLevelSchema>;

export function riskRank(level: RiskLevel): number {
  return riskLevels.indexOf(level);
}
