/**
 * Soft-deleted vaults: GET `/subscriptions/{s}/providers/Microsoft.KeyVault/locations/{l}/deletedVaults/{name}`,
 * the subscription's list `/subscriptions/{s}/providers/Microsoft.KeyVault/deletedVaults`, and
 * POST `.../deletedVaults/{name}/purge`, long-running as on Azure: 202 with a Location that is
 * already finished. A vault deleted with purge protection cannot be purged.
 */
import { deletedVaultView, isPurgeProtected, VAULT_API_VERSIONS, vaultErrors } from "@azmi/keyvault";
import type { ResourceId } from "@azmi/arm-core";
import type { ArmContext, ResourceTypeHandler } from "../../arm/contract.js";
import { pagedList } from "../resources/list-answer.js";
import { requireSubscription } from "../resources/scope-checks.js";
import { finishedOperationHeaders } from "./operation-results.js";

function findDeleted(ctx: ArmContext, id: ResourceId) {
  const subscriptionId = requireSubscription(ctx, id.subscriptionId);
  const location = id.parent?.name ?? "";
  const record = ctx.services.keyVaults.getDeleted(subscriptionId, location, id.name ?? "");
  if (record === undefined) throw vaultErrors.deletedVaultNotFound(id.name ?? "", location);
  return { subscriptionId, record };
}

export const deletedVaultHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.KeyVault/locations/deletedVaults",
  apiVersions: VAULT_API_VERSIONS,

  get(ctx, id) {
    return { status: 200, body: deletedVaultView(findDeleted(ctx, id).record) };
  },

  actions: {
    purge(ctx, id) {
      const { subscriptionId, record } = findDeleted(ctx, id);
      if (isPurgeProtected(record)) throw vaultErrors.purgeNotAllowed();
      const { services } = ctx;
      const headers = services.store.transaction(() => {
        services.keyVaults.purge(record);
        services.events.emit({ type: "keyVaultPurged", vaultId: record.vault.id, name: record.name });
        return finishedOperationHeaders(ctx, subscriptionId, record.location);
      });
      return { status: 202, headers };
    },
  },
};

export const deletedVaultsHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.KeyVault/deletedVaults",
  apiVersions: VAULT_API_VERSIONS,

  list(ctx, parent) {
    const subscriptionId = requireSubscription(ctx, parent.subscriptionId);
    return pagedList(ctx, ctx.services.keyVaults.listDeleted(subscriptionId), (r) => r.name.toLowerCase(), deletedVaultView);
  },
};
