/**
 * A scenario as a sequence of vitest tests, each needing the ones before it: a step is skipped,
 * with the reason, when the scenario cannot run on this machine or when an earlier step failed.
 * Steps are sequential even inside a concurrent describe, so scenarios can run side by side.
 */
import { it } from "vitest";

export interface ScenarioSteps {
  /** Declares a step; extraSkip skips this one step (with that reason) and not the ones after. */
  step(name: string, body: () => Promise<void>, extraSkip?: string): void;
  /** The name of the step that failed, undefined while none has (afterAll keeps its traces then). */
  failedStep(): string | undefined;
}

export function scenarioSteps(skipReason: string | undefined): ScenarioSteps {
  let failed: string | undefined;
  return {
    step(name, body, extraSkip) {
      it.sequential(name, async (ctx) => {
        if (skipReason !== undefined) ctx.skip(skipReason);
        if (extraSkip !== undefined) ctx.skip(extraSkip);
        if (failed !== undefined) ctx.skip(`an earlier step failed (${failed})`);
        try {
          await body();
        } catch (error) {
          failed = name;
          throw error;
        }
      });
    },
    failedStep: () => failed,
  };
}
