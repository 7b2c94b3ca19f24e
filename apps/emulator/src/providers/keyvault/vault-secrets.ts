/**
 * Microsoft.KeyVault/vaults/secrets on ARM: PUT (201 new, 200 changed), PATCH, GET and the
 * vault's list, as thin calls into @azmi/keyvault's ArmSecrets, which writes through to the
 * vault's data plane. Resource Manager offers no DELETE for a secret (the data plane does).
 */
import { ARM_SECRET_TYPE, armSecretBody, VAULT_API_VERSIONS, type SecretVault } from "@azmi/keyvault";
import { parseRequestContent, type ResourceId } from "@azmi/arm-core";
import type { ArmContext, ResourceTypeHandler } from "../../arm/contract.js";
import { pagedList } from "../resources/list-answer.js";
import { requireVault } from "./vault-scopes.js";

/** The vault named by a secret's id (or by the list's parent, the vault itself). */
function vaultOf(ctx: ArmContext, vaultId: ResourceId): SecretVault {
  return { id: vaultId.id, vault: requireVault(ctx, vaultId) };
}

const armSecrets = (ctx: ArmContext) => ctx.services.keyVaultData.armSecrets;

export const vaultSecretsHandler: ResourceTypeHandler = {
  resourceType: ARM_SECRET_TYPE,
  apiVersions: VAULT_API_VERSIONS,

  get(ctx, id) {
    return { status: 200, body: armSecrets(ctx).get(vaultOf(ctx, id.parent!), id.name!) };
  },

  put(ctx, id) {
    const at = vaultOf(ctx, id.parent!);
    const body = parseRequestContent(armSecretBody, ctx.body ?? {});
    const { created, secret } = armSecrets(ctx).write(at, id.name!, body, new Date());
    return { status: created ? 201 : 200, body: secret };
  },

  patch(ctx, id) {
    const at = vaultOf(ctx, id.parent!);
    const body = parseRequestContent(armSecretBody, ctx.body ?? {});
    return { status: 200, body: armSecrets(ctx).write(at, id.name!, body, new Date(), true).secret };
  },

  list(ctx, parent) {
    return pagedList(ctx, armSecrets(ctx).list(vaultOf(ctx, parent)), (s) => String(s.name).toLowerCase());
  },
};
