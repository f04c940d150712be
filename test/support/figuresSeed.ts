/**
 * A seeded caseload for the figures: cases across areas opened over several months, some closed, each with
 * incidents, victims' risk assessments and visits, and interventions with their outcomes. Deterministic for a
 * seed, so the test and the benchmark count the same things. The rows are real domain records (they pass the
 * repositories' schemas).
 */
import { addDays, londonInstant, type LocalDate } from '../../src/domain/calendar/localDate.js';
import { defaultAreas } from '../../src/domain/cases/areas.js';
import type { Case } from '../../src/domain/cases/case.js';
import { asbCategoryIds, type AsbCategory } from '../../src/domain/cases/categories.js';
import { closureReasons, type ClosureReason } from '../../src/domain/cases/closure.js';
import type { Incident } from '../../src/domain/cases/incident.js';
import type { Intervention } from '../../src/domain/interventions/intervention.js';
import { interventionTypeIds } from '../../src/domain/interventions/interventionTypes.js';
import type { RiskAssessment } from '../../src/domain/risk/riskAssessment.js';
import { riskLevels, type RiskLevel } from '../../src/domain/riskLevel.js';
import type { Visit } from '../../src/domain/visits/visit.js';

export interface FiguresSeed {
  cases: Case[];
  incidents: Incident[];
  assessments: RiskAssessment[];
  visits: Visit[];
  interventions: Intervention[];
}

export interface SeedOptions {
  cases: number;
  incidentsPerCase: number;
  teamId: string;
  owners: readonly string[];
  /** Cases are opened on days from `from` for `days` days. */
  from: LocalDate;
  days: number;
  seed?: number;
}

function generator(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return { int: (bound: number) => Math.floor(next() * bound), pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

export function seedFigures(options: SeedOptions): FiguresSeed {
  const r = generator(options.seed ?? 20260901);
  const seed: FiguresSeed = { cases: [], incidents: [], assessments: [], visits: [], interventions: [] };
  for (let n = 0; n < options.cases; n++) {
    const id = `seed-case-${n}`;
    const openedOn = addDays(options.from, r.int(options.days));
    const createdAt = londonInstant(openedOn, `${String(8 + r.int(9)).padStart(2, '0')}:15`);
    const area = r.pick(defaultAreas);
    const categories = [...new Set([r.pick(asbCategoryIds), ...(r.int(3) === 0 ? [r.pick(asbCategoryIds)] : [])])] as AsbCategory[];
    const level: RiskLevel | undefined = r.int(5) === 0 ? undefined : r.pick(riskLevels);
    const closed = r.int(3) === 0;
    const victimId = `${id}-v1`;
    const current: Case = {
      id, reference: `ASB-2026-${String(n + 1).padStart(4, '0')}`, status: closed ? 'closed' : r.pick(['open', 'investigating'] as const),
      statusHistory: [], area: area.id, ward: r.pick(area.wards).id, categories, location: { address: `${n} Seed Street` }, policeReferences: [], source: 'phone',
      ownerId: r.pick(options.owners), ownerName: 'Seed Officer', teamId: options.teamId,
      victims: [{ id: victimId, name: `Victim ${n}`, contact: {}, consentToShare: { given: true }, under18: false }],
      perpetrators: [{ id: `${id}-p1`, name: `Perpetrator ${n}`, tenure: 'council' }], witnesses: [],
      createdAt, updatedAt: createdAt, version: 1, ...(level ? { riskLevel: level } : {}),
    };
    if (closed) {
      const reason: ClosureReason = r.pick(closureReasons.filter((c) => c.id !== 'other')).id;
      current.closure = { reason, victimInformed: true, closedBy: current.ownerId, closedAt: londonInstant(addDays(openedOn, 5 + r.int(40)), '15:00') };
    }
    seed.cases.push(current);
    for (let i = 0; i < options.incidentsPerCase; i++) {
      const occurredAt = londonInstant(addDays(openedOn, r.int(30) - 2), '21:00');
      seed.incidents.push({
        id: `${id}-i${i}`, caseId: id, occurredAt, categories: [r.pick(categories)], description: 'Seeded incident.', reportedBy: { personId: victimId }, evidence: [],
        loggedBy: current.ownerId, loggedAt: occurredAt,
      });
    }
    if (level) {
      const assessedAt = londonInstant(addDays(openedOn, r.int(2)), '11:00');
      seed.assessments.push({
        id: `${id}-ra1`, caseId: id, victimId, assessedBy: current.ownerId, assessedAt, questionSetVersion: 1, answers: { q: 'a' }, score: 0,
        computedLevel: level, automaticHighReasons: [], finalLevel: level,
      });
      const visitChance = r.int(4);
      if (visitChance > 0) {
        seed.visits.push({ id: `${id}-visit`, caseId: id, victimId, visitedOn: addDays(openedOn, r.int(level === 'high' ? 6 : 16)), seen: true, recordedBy: current.ownerId, recordedAt: assessedAt });
      }
    }
    if (r.int(3) === 0) {
      const servedOn = addDays(openedOn, 3);
      const under18 = r.int(3) === 0;
      const type = r.pick(interventionTypeIds.slice(0, 3));
      const monitored = type !== 'verbal-warning';
      const monitoringEndsOn = addDays(servedOn, 90);
      seed.interventions.push({
        id: `${id}-w1`, caseId: id, type, personId: `${id}-p1`, personUnder18: under18, servedOn, officerId: current.ownerId,
        ...(monitored ? { monitoringEndsOn } : {}),
        ...(monitored && r.int(4) > 0 ? { outcome: { cameToNoticeAgain: r.int(4) === 0, recordedAt: londonInstant(monitoringEndsOn, '10:00'), recordedBy: current.ownerId } } : {}),
      });
    }
  }
  return seed;
}
