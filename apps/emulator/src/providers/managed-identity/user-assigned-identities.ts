/**
 * Microsoft.ManagedIdentity/userAssignedIdentities: PUT (201 create, 200 update), GET, PATCH,
 * DELETE (200, 204 when absent), lists by group and subscription, and (preview api-versions)
 * POST listAssociatedResources and revokeTokens. Rules live in @azmi/identity.
 */
import { armErrors } from "@azmi/arm-core";
import {
  ASSOCIATED_RESOURCES_API_VERSIONS,
  associatedResource,
  associatedResourcesPage,
  holdsUserAssignedIdentity,
  REVOKE_TOKENS_API_VERSIONS,
  renderUserAssignedIdentity,
  USER_ASSIGNED_IDENTITY_API_VERSIONS,
  USER_ASSIGNED_IDENTITY_TYPE,
  userAssignedIdentityPatch,
  userAssignedIdentityPut,
} from "@azmi/identity";
import type { ResourceTypeHandler } from "../../arm/contract.js";
import { actorOf } from "../actor.js";
import { nextLinkFor, pagedList } from "../resources/list-answer.js";

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

  actions: {
    /** Every token issued to the identity until now is refused from here on (strict mode); new ones are good. */
    revokeTokens(ctx, id) {
      if (!REVOKE_TOKENS_API_VERSIONS.includes(ctx.apiVersion)) throw armErrors.methodNotAllowed("POST", ctx.rawPath);
      const identity = ctx.services.identities.userAssigned.get(id);
      ctx.services.tokens.revocations.revoke(identity.properties.principalId);
      return { status: 200 };
    },

    /** The resources that hold this identity; a preview-only operation, as in Azure's specs. */
    listAssociatedResources(ctx, id) {
      if (!ASSOCIATED_RESOURCES_API_VERSIONS.includes(ctx.apiVersion)) throw armErrors.methodNotAllowed("POST", ctx.rawPath);
      const identity = ctx.services.identities.userAssigned.get(id);
      const { config, resources } = ctx.services;
      const holders = config.subscriptions.flatMap((subscriptionId, index) =>
        resources
          .listInSubscription(subscriptionId)
          .filter((r) => holdsUserAssignedIdentity(r, identity.id))
          .map((r) => associatedResource(r, `Azure subscription ${index + 1}`)),
      );
      const q = ctx.query;
      const page = associatedResourcesPage(holders, {
        filter: q.get("$filter") ?? undefined,
        orderby: q.get("$orderby") ?? undefined,
        skip: q.get("$skip") ?? undefined,
        top: q.get("$top") ?? undefined,
        skiptoken: q.get("$skiptoken") ?? q.get("$skipToken") ?? undefined,
      });
      const body: Record<string, unknown> = { totalCount: page.totalCount, value: page.value };
      if (page.nextSkiptoken !== undefined) body.nextLink = nextLinkFor(ctx, page.nextSkiptoken);
      return { status: 200, body };
    },
  },

  list(ctx, parent) {
    const { userAssigned } = ctx.services.identities;
    const subscriptionId = parent.subscriptionId;
    if (subscriptionId === undefined || (parent.kind !== "subscription" && parent.kind !== "resourceGroup")) {
      throw armErrors.invalidResourceType({ resourceType: USER_ASSIGNED_IDENTITY_TYPE, namespace: "Microsoft.ManagedIdentity", apiVersion: ctx.apiVersion });
    }
    const items =
      parent.kind === "resourceGroup"
        ? userAssigned.listByResourceGroup(subscriptionId, parent.resourceGroup!)
        : userAssigned.listBySubscription(subscriptionId);
    return pagedList(
      ctx,
      items,
      (i) => i.id.toLowerCase(),
      (i) => renderUserAssignedIdentity(i, ctx.apiVersion, { inList: true }),
    );
  },
};
