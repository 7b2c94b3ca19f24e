/**
 * Key Vault's long-running operations (purge) answer 202 with a Location under the provider,
 * `/subscriptions/{s}/providers/Microsoft.KeyVault/locations/{l}/operationResults/{op}`, polled
 * with Key Vault's api-version. azmi finishes the work inside the request, so the poll answers
 * 200 at once (and Retry-After: 0 keeps clients from waiting before it).
 */
import { randomUUID } from "node:crypto";
import { armErrors } from "@azmi/arm-core";
import { VAULT_API_VERSIONS } from "@azmi/keyvault";
import type { ArmContext, ResourceTypeHandler } from "../../arm/contract.js";
import { requireSubscription } from "../resources/scope-checks.js";

const COLLECTION = "keyVaultOperations";

interface FinishedOperation {
  readonly subscriptionId: string;
}

/** Records a finished operation and answers the 202 headers that point at it. */
export function finishedOperationHeaders(ctx: ArmContext, subscriptionId: string, location: string): Record<string, string> {
  const name = `VVR${randomUUID().replace(/-/g, "").toUpperCase()}`;
  ctx.services.store.put<FinishedOperation>(COLLECTION, name.toLowerCase(), { subscriptionId });
  return {
    Location: `${ctx.baseUrl}/subscriptions/${subscriptionId}/providers/Microsoft.KeyVault/locations/${location}/operationResults/${name}?api-version=${encodeURIComponent(ctx.apiVersion)}`,
    "Retry-After": "0",
  };
}

export const operationResultsHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.KeyVault/locations/operationResults",
  apiVersions: VAULT_API_VERSIONS,
  get(ctx, id) {
    requireSubscription(ctx, id.subscriptionId);
    const operation = ctx.services.store.get<FinishedOperation>(COLLECTION, (id.name ?? "").toLowerCase());
    if (operation === undefined || operation.subscriptionId.toLowerCase() !== id.subscriptionId?.toLowerCase())
      throw armErrors.operationNotFound(id.name ?? "");
    return { status: 200 };
  },
};
