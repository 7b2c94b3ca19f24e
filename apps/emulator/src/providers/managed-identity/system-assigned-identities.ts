/**
 * `GET {any resource}/providers/Microsoft.ManagedIdentity/identities/default`: the resource's
 * system-assigned identity (404 when it has none).
 */
import { armErrors } from "@azmi/arm-core";
import { SYSTEM_ASSIGNED_IDENTITY_API_VERSIONS, SYSTEM_ASSIGNED_IDENTITY_TYPE } from "@azmi/identity";
import type { ResourceTypeHandler } from "../../arm/contract.js";

export const systemAssignedIdentitiesHandler: ResourceTypeHandler = {
  resourceType: SYSTEM_ASSIGNED_IDENTITY_TYPE,
  apiVersions: SYSTEM_ASSIGNED_IDENTITY_API_VERSIONS,

  get(ctx, id) {
    if (id.name?.toLowerCase() !== "default" || id.parent === undefined || id.parent.kind !== "resource") {
      throw armErrors.resourceNotFound(SYSTEM_ASSIGNED_IDENTITY_TYPE, id.name ?? "", id.resourceGroup);
    }
    return { status: 200, body: ctx.services.identities.systemAssignedIdentity(id.parent) };
  },
};
