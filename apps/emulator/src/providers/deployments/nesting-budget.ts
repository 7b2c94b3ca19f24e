/**
 * The evaluation budget of the deployment whose run is making the current request. A nested
 * deployment reaches this handler as an ARM PUT sent by its parent's run (arm-gateway.ts), in
 * the parent's async context: it spends the parent's budget instead of opening its own, so a
 * template cannot multiply its allowance by nesting deployments in deployments.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { EvaluationBudget } from "@azmi/templates";

const running = new AsyncLocalStorage<EvaluationBudget>();

/** The budget of the deployment sending this request, or a new one for a request from a client. */
export function budgetForRequest(): EvaluationBudget {
  return running.getStore() ?? new EvaluationBudget();
}

/** Runs a deployment's work so that every request it sends carries its budget. */
export function spendingBudget<T>(budget: EvaluationBudget, work: () => T): T {
  return running.run(budget, work);
}
