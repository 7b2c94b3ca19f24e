/**
 * The budget of one template's evaluation. ARM refuses templates whose expressions would build
 * huge values or run for long; azmi must too, and it must keep answering other requests while
 * a template is evaluated, because expressions run on the same event loop as every request.
 * So each function call is a step, each value a function returns is weighed (array elements,
 * object properties, string length), and:
 *  - a value heavier than `maxValueWeight` fails at once (concat/range/string blow-ups);
 *  - more than `maxSteps` steps, or more than `maxMillis` of evaluation, fails the template;
 *  - every `stepsPerSlice` steps the evaluation yields to the event loop (setImmediate), so a
 *    long evaluation runs in slices between other requests.
 * The failure is an EvaluationError: the template layer makes it InvalidTemplate, and
 * evaluateString names the expression that ran out.
 */
import { EvaluationError } from "./evaluation-errors.js";
import type { Json } from "./json-value.js";

export interface BudgetLimits {
  /** Function calls (and lambda invocations) over the whole template. */
  readonly maxSteps: number;
  /** Weight of any one value: elements + properties + string characters / 64. */
  readonly maxValueWeight: number;
  /** Wall time spent evaluating, slices included. */
  readonly maxMillis: number;
  readonly stepsPerSlice: number;
}

export const DEFAULT_BUDGET: BudgetLimits = {
  maxSteps: 1_000_000,
  maxValueWeight: 200_000,
  maxMillis: 10_000,
  stepsPerSlice: 2_000,
};

/** Characters per unit of weight: a 1 MB string weighs as much as 65 536 array elements. */
const CHARACTERS_PER_UNIT = 16;

export class BudgetExceededError extends EvaluationError {
  /** Set once the expression that ran out is known (evaluateString names it). */
  named = false;
}

export class EvaluationBudget {
  private steps = 0;
  private nextSlice: number;
  private readonly started = Date.now();

  constructor(readonly limits: BudgetLimits = DEFAULT_BUDGET) {
    this.nextSlice = limits.stepsPerSlice;
  }

  get stepsTaken(): number {
    return this.steps;
  }

  /** One unit of work (a call about to run); yields to the event loop once per slice. */
  async step(cost = 1): Promise<void> {
    this.steps += cost;
    if (this.steps > this.limits.maxSteps) {
      throw new BudgetExceededError(`the evaluation took more than ${this.limits.maxSteps} steps, the most a template may take`);
    }
    if (this.steps < this.nextSlice) return;
    this.nextSlice = this.steps + this.limits.stepsPerSlice;
    if (Date.now() - this.started > this.limits.maxMillis) {
      throw new BudgetExceededError(`the evaluation ran for more than ${this.limits.maxMillis / 1000} seconds, the longest a template may run`);
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /**
   * Weighs what `functionName` returned; too heavy a value fails. Walking stops at the limit,
   * so weighing is bounded even for values that share parts (an array of one array repeated).
   */
  async weigh(value: Json, functionName: string): Promise<void> {
    const weight = weightUpTo(value, this.limits.maxValueWeight + 1);
    if (weight > this.limits.maxValueWeight) {
      throw new BudgetExceededError(
        `the function '${functionName}' built a value larger than a template may hold (more than ${this.limits.maxValueWeight} elements, properties or ${CHARACTERS_PER_UNIT}-character units)`,
      );
    }
    // Weighing is work too: a large value costs in proportion to its size.
    if (weight > 1) await this.step(Math.ceil(weight / 16));
  }
}

/** The weight of `value`, counted up to `limit` and no further. */
export function weightUpTo(value: Json, limit: number): number {
  let total = 0;
  const pending: Json[] = [value];
  while (pending.length > 0 && total < limit) {
    const v = pending.pop()!;
    if (typeof v === "string") total += 1 + Math.floor(v.length / CHARACTERS_PER_UNIT);
    else if (Array.isArray(v)) {
      total += 1;
      for (const item of v) {
        if (typeof item === "object" && item !== null) pending.push(item);
        else total += typeof item === "string" ? 1 + Math.floor(item.length / CHARACTERS_PER_UNIT) : 1;
        if (total >= limit) break;
      }
    } else if (typeof v === "object" && v !== null) {
      total += 1;
      for (const item of Object.values(v)) {
        if (typeof item === "object" && item !== null) pending.push(item);
        else total += typeof item === "string" ? 1 + Math.floor(item.length / CHARACTERS_PER_UNIT) : 1;
        if (total >= limit) break;
      }
    } else total += 1;
  }
  return total;
}
