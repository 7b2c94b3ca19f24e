/**
 * Deployment stacks (Microsoft.Resources/deploymentStacks): a template deployed and then kept,
 * its resources managed (deleted or detached when they leave it), protected by deny assignments.
 * The rules are @azmi/templates'; each run deploys through the deployments provider's engine.
 */
import type { ResourceProvider } from "../../arm/contract.js";
import { stackStatusHandler } from "./stack-status-handler.js";
import { deploymentStacksHandler } from "./stacks-handler.js";

export const deploymentStacksProvider: ResourceProvider = {
  namespace: "Microsoft.Resources",
  handlers: [deploymentStacksHandler, stackStatusHandler],
};
