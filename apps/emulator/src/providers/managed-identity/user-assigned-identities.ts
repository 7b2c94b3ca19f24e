/**
 * Microsoft.ManagedIdentity/userAssignedIdentities: PUT (201 create, 200 update), GET, PATCH,
 * DELETE (200, 204 when absent), lists by group and subscription. Rules live in @azmi/identity.
 */
import { armErrors, type Actor } from "@azmi/arm-core";
import {
  renderUserAssignedIdentity,
  USER_ASSIGNED_IDENTITY_API_VERSIONS,
  USER_ASSIGNED_IDENTITY_TYPE,
  userAssignedIdentityPatch,
  userAssignedIdentityPut,
} from "@azmi/identity";
import type { ArmContext, ResourceTypeHandler } from "../../arm/contract.js";
import { pagedList } from "../resources/list-answer.js";

/** Who is writing, for systemData. */
export function actorOf(ctx: ArmContext): Actor {
  return { id: ctx.caller.clientId, type: "Application" };
}

export const userAssignedIdentitiesHandler: ResourceTypeHandler = {
  resourceType: USER_ASSIGNED_IDENTITY_TYPE,
  apiVersions: USER_ASSIGNED_IDENTITY_API_VERSIONS,

  get(ctx, id) {
    return { status: 200, body: renderUserAssignedIdentity(ctx.services.identities.userAssigned.get(id), ctx.apiVersion) };
  },

  put(ctx, id) {
    const input = userAssignedIdentityPut.parse(ctx.body ?? {});
    const { created, identity } = ctx.services.identities.userAssigned.createOrUpdate(id, input, { apiVersion: ctx.apiVersion, actor: actorOf(ctx) });
    return { status: created ? 201 : 200, body: renderUserAssignedIdentity(identity, ctx.apiVersion) };
  },

  patch(ctx, id) {
    const input = userAssignedIdentityPatch.parse(ctx.body ?? {});
    const identity = ctx.services.identities.userAssigned.update(id, input, { apiVersion: ctx.apiVersion, actor: actorOf(ctx) });
    return { status: 200, body: renderUserAssignedIdentity(identity, ctx.apiVersion) };
  },

  delete(ctx, id) {
    return { status: ctx.services.identities.userAssigned.delete(id) ? 200 : 204 };
  },

  list(ctx, parent) {
    const { userAssigned } = ctx.services.identities;
    const subscriptionId = parent.subscriptionId;
    if (subscriptionId === undefined || (parent.kind !== "subscription" && parent.kind !== "resourceGroup")) {
      throw armErrors.invalidResourceType(USER_ASSIGNED_IDENTITY_TYPE, "Microsoft.ManagedIdentity", ctx.apiVersion);
    }
    const items =
      parent.kind === "resourceGroup" ? userAssigned.listByResourceGroup(subscriptionId, parent.resourceGroup!) : userAssigned.listBySubscription(subscriptionId);
    return pagedList(ctx, items, (i) => i.id.toLowerCase(), (i) => renderUserAssignedIdentity(i, ctx.apiVersion, { inList: true }));
  },
};
