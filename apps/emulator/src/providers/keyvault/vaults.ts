/**
 * Microsoft.KeyVault/vaults: thin handlers over @azmi/keyvault. PUT (create, update, or
 * `createMode: recover`), GET, PATCH, DELETE (soft delete), and the group and subscription
 * lists. The name is global: VaultAlreadyExists (or ConflictError for a soft-deleted vault of
 * this subscription) before anything is stored. PUT answers 200 whether it created or updated,
 * with `provisioningState: Succeeded`, so every client's poller is done at once.
 */
import { armErrors, parseRequestContent, type ResourceId } from "@azmi/arm-core";
import {
  isRecovery,
  isValidVaultName,
  VAULT_API_VERSIONS,
  VAULT_RESOURCE_TYPE,
  vaultErrors,
  vaultFromPatch,
  vaultFromPut,
  vaultPatchBody,
  vaultPutBody,
  type StoredVault,
  type VaultPutBody,
} from "@azmi/keyvault";
import type { ArmContext, ArmResult, ResourceTypeHandler } from "../../arm/contract.js";
import { actorOf } from "../actor.js";
import { pagedList } from "../resources/list-answer.js";
import { requireEnclosingScopes, requireVault } from "./vault-scopes.js";

export const vaultsHandler: ResourceTypeHandler = {
  resourceType: VAULT_RESOURCE_TYPE,
  apiVersions: VAULT_API_VERSIONS,

  get(ctx, id) {
    return { status: 200, body: requireVault(ctx, id) };
  },

  put(ctx, id) {
    requireEnclosingScopes(ctx, id);
    const body = parseRequestContent(vaultPutBody, ctx.body ?? {});
    if (isRecovery(body)) return recover(ctx, id, body);
    const { services } = ctx;
    const previous = services.keyVaults.get(id);
    if (previous === undefined) requireFreeName(ctx, id);
    const location = body.location ?? "";
    if (location === "") throw armErrors.locationRequired();
    const vault = services.store.transaction(() => {
      const identity = services.identities.applyResourceIdentity(id, body.identity ?? null, previous?.identity);
      const built = vaultFromPut(
        { id: id.id, name: id.name!, apiVersion: ctx.apiVersion, previous, stamp: { actor: actorOf(ctx), now: new Date().toISOString() } },
        body,
        location,
        identity === undefined ? undefined : { ...identity },
      );
      services.keyVaults.save(id, built);
      return built;
    });
    return { status: 200, body: vault };
  },

  patch(ctx, id) {
    const previous = requireVault(ctx, id);
    const body = parseRequestContent(vaultPatchBody, ctx.body ?? {});
    const { services } = ctx;
    const vault = services.store.transaction(() => {
      const identity = body.identity === undefined ? previous.identity : services.identities.applyResourceIdentity(id, body.identity, previous.identity);
      const built = vaultFromPatch(
        { id: id.id, name: id.name!, apiVersion: ctx.apiVersion, previous, stamp: { actor: actorOf(ctx), now: new Date().toISOString() } },
        body,
        identity === undefined ? undefined : { ...identity },
      );
      services.keyVaults.save(id, built);
      return built;
    });
    return { status: 200, body: vault };
  },

  delete(ctx, id): ArmResult {
    requireEnclosingScopes(ctx, id);
    const { services } = ctx;
    if (services.keyVaults.get(id) === undefined) return { status: 204 };
    services.store.transaction(() => {
      services.keyVaults.remove(id, new Date());
      // Role assignments, locks and the system-assigned principal of the vault go with it.
      services.events.emit({ type: "scopeDeleted", scope: id });
    });
    return { status: 200 };
  },

  list(ctx, parent) {
    requireEnclosingScopes(ctx, parent);
    const { resources } = ctx.services;
    const vaults =
      parent.kind === "subscription"
        ? resources.listInSubscription<StoredVault>(parent.subscriptionId!, VAULT_RESOURCE_TYPE)
        : parent.kind === "resourceGroup"
          ? resources.listInResourceGroup<StoredVault>(parent, VAULT_RESOURCE_TYPE)
          : [];
    return pagedList(ctx, vaults, (v) => v.id.toLowerCase());
  },
};

/** A new vault's name must be valid and held by no vault, live or soft-deleted, anywhere. */
function requireFreeName(ctx: ArmContext, id: ResourceId): void {
  const name = id.name!;
  if (!isValidVaultName(name)) throw vaultErrors.invalidName(name);
  const holder = ctx.services.keyVaults.holderOf(name);
  if (holder === undefined) return;
  if (holder.state === "deleted" && holder.record.subscriptionId.toLowerCase() === id.subscriptionId?.toLowerCase()) throw vaultErrors.existsInDeletedState();
  throw vaultErrors.alreadyExists(name);
}

/**
 * `createMode: recover`: the soft-deleted vault of this name comes back as it was (policies,
 * settings, tags), at the id the PUT names. A live vault at the id is simply answered.
 */
function recover(ctx: ArmContext, id: ResourceId, body: VaultPutBody): ArmResult {
  const { services } = ctx;
  const live = services.keyVaults.get(id);
  if (live !== undefined) return { status: 200, body: live };
  const record = services.keyVaults.getDeletedInSubscription(id.subscriptionId!, id.name!);
  if (record === undefined) throw vaultErrors.recoverWithoutDeletedVault(id.name!);
  const vault = services.store.transaction(() => {
    const kept = services.keyVaults.takeForRecovery(record);
    const identity = services.identities.applyResourceIdentity(id, body.identity ?? null, undefined);
    const { identity: _gone, ...withoutIdentity } = kept;
    const restored: StoredVault = {
      ...withoutIdentity,
      id: kept.id.toLowerCase() === id.key ? kept.id : id.id,
      ...(body.tags === undefined || body.tags === null ? {} : { tags: body.tags }),
      ...(identity === undefined ? {} : { identity: { ...identity } }),
    };
    services.keyVaults.save(id, restored);
    return restored;
  });
  return { status: 200, body: vault };
}
