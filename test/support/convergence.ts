/**
 * The convergence check for multi-step actions, in jest: each scenario's action failed after each of its steps
 * in turn and finished by a retry or the sweep. Kept apart from faults.ts, which child processes load outside jest.
 */
import { describe, expect, it } from '@jest/globals';
import { ActionInterrupted } from '../../src/services/intents.js';
import type { Assistant } from '../../src/startup.js';
import { snapshot, startWithFaults } from './faults.js';

export interface Opened {
  caseId: string;
  victimId: string;
  perpetratorId: string;
}

export interface Scenario {
  kind: string;
  steps: string[];
  setup(a: Assistant): Promise<Opened>;
  act(a: Assistant, opened: Opened): Promise<unknown>;
  /** What the uninterrupted run must have left, so the comparison is against a complete action. */
  complete(state: State): void;
  /** Settings the assistant starts with (e.g. MANAGER_IDS, so managers are told). */
  env?: Record<string, string>;
}

export type State = Record<string, Array<Record<string, unknown>>>;

async function run(scenario: Scenario, fault?: { step: string; finish: 'retry' | 'sweep' }) {
  const { assistant, faults } = await startWithFaults(scenario.env);
  try {
    const opened = await scenario.setup(assistant);
    if (!fault) {
      await scenario.act(assistant, opened);
    } else {
      faults.arm(scenario.kind, fault.step);
      await expect(scenario.act(assistant, opened)).rejects.toBeInstanceOf(ActionInterrupted);
      if (fault.finish === 'retry') await scenario.act(assistant, opened);
      else expect(await assistant.deps.intents.sweep()).toBe(1);
    }
    expect(await assistant.deps.intents.unfinished()).toBe(0);
    return { state: await snapshot(assistant), stepsRun: faults.seen.filter((s) => s.kind === scenario.kind).map((s) => s.step) };
  } finally {
    await assistant.stop();
  }
}

/**
 * Each scenario's action is interrupted after each of its steps in turn, then finished by a retry with the same
 * submission or by the sweep (as after a restart); the database must then hold what an uninterrupted run leaves.
 */
export function describeConvergence(scenarios: Record<string, Scenario>): void {
  describe('multi-step actions converge after a failure at any step', () => {
    for (const [name, scenario] of Object.entries(scenarios)) {
      describe(name, () => {
        let expected: Awaited<ReturnType<typeof run>>['state'];

        it('runs its steps in order when nothing fails', async () => {
          const clean = await run(scenario);
          expected = clean.state;
          scenario.complete(clean.state as State);
          expect(clean.stepsRun.slice(-scenario.steps.length)).toEqual(scenario.steps);
        }, 30_000);

        for (const step of scenario.steps) {
          for (const finish of ['retry', 'sweep'] as const) {
            it(`failed after "${step}", finished by a ${finish}: the same documents as an uninterrupted run`, async () => {
              const resumed = await run(scenario, { step, finish });
              expect(resumed.state).toEqual(expected);
            }, 30_000);
          }
        }
      });
    }
  });
}
