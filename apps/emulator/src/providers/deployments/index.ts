/**
 * Template deployments (Microsoft.Resources/deployments): what `az deployment group create`,
 * Bicep and the SDKs' deployment clients talk to. The template language lives in
 * @azmi/templates; each resource a deployment creates goes through the ARM pipeline as the
 * deploying caller (services.arm.call, arm/runner.ts).
 */
import type { ResourceProvider } from "../../arm/contract.js";
import { deploymentsHandler } from "./deployments-handler.js";
import { deploymentOperationsHandler, deploymentStatusHandler, operationResultsHandler } from "./operations-handlers.js";
import { templateHashHandler } from "./template-hash-handler.js";

export const deploymentsProvider: ResourceProvider = {
  namespace: "Microsoft.Resources",
  handlers: [deploymentsHandler, deploymentOperationsHandler, deploymentStatusHandler, operationResultsHandler, templateHashHandler],
};
