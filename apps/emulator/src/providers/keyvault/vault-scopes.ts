/** The look-ups every Microsoft.KeyVault handler starts with: the enclosing scopes exist, the vault exists. */
import { resourceGroupScope, type ResourceId } from "@azmi/arm-core";
import { vaultErrors, type StoredVault } from "@azmi/keyvault";
import type { ArmContext } from "../../arm/contract.js";
import { requireSubscription } from "../resources/scope-checks.js";

/** The subscription (and group) a request names exist, as ARM checks before any provider runs. */
export function requireEnclosingScopes(ctx: ArmContext, id: ResourceId): void {
  if (id.subscriptionId !== undefined) requireSubscription(ctx, id.subscriptionId);
  if (id.subscriptionId !== undefined && id.resourceGroup !== undefined)
    ctx.services.resourceGroups.require(resourceGroupScope(id.subscriptionId, id.resourceGroup));
}

export function requireVault(ctx: ArmContext, id: ResourceId): StoredVault {
  requireEnclosingScopes(ctx, id);
  const vault = ctx.services.keyVaults.get(id);
  if (vault === undefined) throw vaultErrors.notFound(id.name ?? "", id.resourceGroup);
  return vault;
}
