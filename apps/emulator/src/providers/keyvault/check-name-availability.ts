/** `POST /subscriptions/{s}/providers/Microsoft.KeyVault/checkNameAvailability` for type Microsoft.KeyVault/vaults. */
import { parseRequestContent } from "@azmi/arm-core";
import { checkNameAvailabilityBody, VAULT_API_VERSIONS, vaultNameAvailability } from "@azmi/keyvault";
import type { ResourceTypeHandler } from "../../arm/contract.js";
import { requireSubscription } from "../resources/scope-checks.js";

export const checkNameAvailabilityHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.KeyVault/checkNameAvailability",
  apiVersions: VAULT_API_VERSIONS,

  post(ctx, parent) {
    requireSubscription(ctx, parent.subscriptionId);
    const body = parseRequestContent(checkNameAvailabilityBody, ctx.body ?? {});
    return { status: 200, body: vaultNameAvailability(ctx.services.keyVaults, body.name) };
  },
};
