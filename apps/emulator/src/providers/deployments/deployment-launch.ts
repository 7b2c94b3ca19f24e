/**
 * Running a planned deployment in the background: Accepted → Running → Succeeded, Failed or
 * Canceled, each operation recorded as it finishes, outputs and outputResources written at the
 * end. The caller that made the PUT is the caller of every request the deployment makes.
 */
import { armErrors } from "@azmi/arm-core";
import {
  runDeployment,
  type DeploymentPlan,
  type JsonObject,
  isoDuration,
  operationDocument,
  outputsOperation,
  clearOperations,
  putOperation,
  updateDeployment,
  type ActiveRun,
} from "@azmi/templates";
import type { Caller } from "../../contract/caller.js";
import type { Services } from "../../services.js";
import { armGateway } from "./arm-gateway.js";
import { spendingBudget } from "./nesting-budget.js";

export interface Launch {
  readonly services: Services;
  readonly deploymentId: string;
  readonly runId: string;
  readonly plan: DeploymentPlan;
  readonly caller: Caller;
  readonly baseUrl: string;
  readonly correlationId: string;
}

export function launchDeployment(launch: Launch): void {
  const started = Date.now();
  clearOperations(launch.services.store, launch.deploymentId);
  // Every request the run sends (a nested deployment's PUT included) spends this deployment's budget.
  launch.services.deploymentRuns.start(launch.deploymentId, launch.runId, (run) =>
    spendingBudget(launch.plan.context.budget, () => runToTheEnd(launch, run, started)),
  );
}

async function runToTheEnd(launch: Launch, run: ActiveRun, started: number): Promise<void> {
  const { services, deploymentId, plan } = launch;
  updateDeployment(services.store, deploymentId, (p) => ({ ...p, provisioningState: "Running" }));
  const gateway = armGateway({ services, caller: launch.caller, baseUrl: launch.baseUrl, correlationId: launch.correlationId });
  let finish: (properties: JsonObject) => JsonObject;
  try {
    const outcome = await runDeployment(plan, gateway, {
      onOperation: (operation) => putOperation(services.store, deploymentId, operationDocument(deploymentId, operation)),
      cancelled: () => run.cancelRequested,
    });
    if (outcome.error === undefined && !outcome.cancelled) putOperation(services.store, deploymentId, outputsOperation(deploymentId, new Date()));
    const state = outcome.cancelled ? "Canceled" : outcome.error === undefined ? "Succeeded" : "Failed";
    finish = (p) => ({
      ...p,
      provisioningState: state,
      ...(state === "Succeeded" ? { outputs: outcome.outputs } : {}),
      outputResources: outcome.outputResources,
      ...(outcome.error === undefined ? {} : { error: outcome.error as unknown as JsonObject }),
    });
  } catch (error) {
    console.error(`azmi: deployment ${deploymentId} failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    finish = (p) => ({ ...p, provisioningState: "Failed", error: armErrors.internal().toBody().error as unknown as JsonObject });
  }
  const ended = new Date();
  updateDeployment(services.store, deploymentId, (p) => ({ ...finish(p), timestamp: ended.toISOString(), duration: isoDuration(ended.getTime() - started) }));
}
