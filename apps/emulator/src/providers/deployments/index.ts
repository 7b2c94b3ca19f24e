/**
 * Template deployments (Microsoft.Resources/deployments): what `az deployment group create`,
 * Bicep and the SDKs' deployment clients talk to. The template language lives in
 * @azmi/templates; each resource a deployment creates goes through the ARM pipeline as the
 * deploying caller (arm/in-process.ts).
 */
import type { ResourceProvider } from "../../arm/contract.js";
import { deleteDeploymentsBelow, failInterruptedDeployments } from "./deployment-records.js";
import { deploymentsHandler } from "./deployments-handler.js";
import { deploymentOperationsHandler, deploymentStatusHandler, operationResultsHandler } from "./operations-handlers.js";
import { templateHashHandler } from "./template-hash-handler.js";

export const deploymentsProvider: ResourceProvider = {
  namespace: "Microsoft.Resources",
  handlers: [deploymentsHandler, deploymentOperationsHandler, deploymentStatusHandler, operationResultsHandler, templateHashHandler],
  setup(services) {
    // A deleted resource group takes its deployment history with it.
    services.events.on("scopeDeleted", (event) => deleteDeploymentsBelow(services.store, event.scope.key));
    // Runs live in memory: a deployment left Accepted or Running by a previous process ended with it.
    failInterruptedDeployments(services.store);
  },
};
