/**
 * `PUT {vault}/accessPolicies/{add|replace|remove}`: changes the vault's access policies
 * without rewriting the vault (what `az keyvault set-policy` and azurerm_key_vault_access_policy
 * send). Answers the policies sent, as Azure does.
 */
import { parseRequestContent } from "@azmi/arm-core";
import { accessPolicyUpdateBody, accessPolicyUpdateKind, VAULT_API_VERSIONS, vaultWithAccessPolicies } from "@azmi/keyvault";
import type { ResourceTypeHandler } from "../../arm/contract.js";
import { requireVault } from "./vault-scopes.js";

export const accessPoliciesHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.KeyVault/vaults/accessPolicies",
  apiVersions: VAULT_API_VERSIONS,

  put(ctx, id) {
    const vaultId = id.parent!;
    const vault = requireVault(ctx, vaultId);
    const kind = accessPolicyUpdateKind(id.name ?? "");
    const body = parseRequestContent(accessPolicyUpdateBody, ctx.body ?? {});
    const updated = vaultWithAccessPolicies(vault, kind, body.properties.accessPolicies);
    ctx.services.store.transaction(() => ctx.services.keyVaults.save(vaultId, updated));
    return {
      status: 200,
      body: {
        id: `${vault.id}/accessPolicies/${kind}`,
        name: kind,
        type: "Microsoft.KeyVault/vaults/accessPolicies",
        location: vault.location,
        properties: { accessPolicies: updated.properties.accessPolicies },
      },
    };
  },
};
