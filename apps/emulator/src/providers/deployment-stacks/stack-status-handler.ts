/**
 * The Azure-AsyncOperation a stack PUT points at: the run's state in Azure's stack casing
 * (succeeded, failed, canceled), with the stack's error when it failed. Held until the run ends
 * (azmi's runs take milliseconds), so the first poll usually carries the final state.
 */
import { armErrors } from "@azmi/arm-core";
import { FINISHED_STACK_STATES, getStack } from "@azmi/templates";
import type { ResourceTypeHandler } from "../../arm/contract.js";
import { DEPLOYMENT_STACK_API_VERSIONS } from "./api-versions.js";
import { stackScopeAt } from "./stack-scope.js";

const POLL_HOLD_MS = 10_000;

export const stackStatusHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Resources/deploymentStacks/operationStatuses",
  apiVersions: DEPLOYMENT_STACK_API_VERSIONS,
  async get(ctx, id) {
    const stackId = id.parent!;
    stackScopeAt(ctx, stackId.parent!);
    const read = () => getStack(ctx.services.store, stackId.id);
    let record = read();
    if (record === undefined) throw armErrors.deploymentStackNotFound(stackId.name!);
    if (record.runId.toLowerCase() !== id.name!.toLowerCase()) throw armErrors.operationNotFound(id.name!);
    const run = ctx.services.deploymentRuns.active(stackId.id);
    if (run !== undefined) {
      await Promise.race([run.done, new Promise((resolve) => setTimeout(resolve, POLL_HOLD_MS).unref())]);
      record = read() ?? record;
    }
    const { provisioningState, error } = record.document.properties;
    const finished = FINISHED_STACK_STATES.includes(provisioningState);
    return {
      status: 200,
      body: { id: `${stackId.id}/operationStatuses/${id.name}`, name: id.name, status: provisioningState, ...(error === undefined ? {} : { error }) },
      ...(finished ? {} : { headers: { "Retry-After": "1" } }),
    };
  },
};
