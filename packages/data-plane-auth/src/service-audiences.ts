/**
 * The audience a token must carry for the service an operation belongs to: Resource Manager's for
 * control-plane actions, each data plane's own resource URI for its data actions (what the SDKs
 * ask Entra ID for, and what the service's 401 challenge names).
 */
import type { OperationKind } from "@azmi/rbac";

export const ARM_AUDIENCES: readonly string[] = ["https://management.azure.com/", "https://management.core.windows.net/"];

const DATA_PLANE_AUDIENCES: Readonly<Record<string, readonly string[]>> = {
  "microsoft.keyvault": ["https://vault.azure.net", "https://managedhsm.azure.net"],
  "microsoft.storage": ["https://storage.azure.com"],
  "microsoft.eventgrid": ["https://eventgrid.azure.net"],
  "microsoft.eventhub": ["https://eventhubs.azure.net"],
  "microsoft.servicebus": ["https://servicebus.azure.net"],
  "microsoft.appconfiguration": ["https://azconfig.io"],
  "microsoft.documentdb": ["https://cosmos.azure.com"],
  "microsoft.containerregistry": ["https://containerregistry.azure.net"],
  "microsoft.cognitiveservices": ["https://cognitiveservices.azure.com"],
  "microsoft.signalrservice": ["https://signalr.azure.com"],
  "microsoft.insights": ["https://monitor.azure.com"],
};

/** Undefined when the operation's namespace has no data plane known here: the caller must say which audience it accepts. */
export function audiencesFor(operation: string, kind: OperationKind): readonly string[] | undefined {
  if (kind === "action") return ARM_AUDIENCES;
  const namespace = operation.split("/")[0]!.toLowerCase();
  return DATA_PLANE_AUDIENCES[namespace];
}
