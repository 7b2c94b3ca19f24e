/**
 * userAssignedIdentities/{name}/federatedIdentityCredentials: PUT (201/200), GET, DELETE
 * (200, 204 when absent), list with $top/$skiptoken. Rules live in @azmi/identity.
 */
import { FEDERATED_CREDENTIAL_API_VERSIONS, FEDERATED_CREDENTIAL_TYPE, federatedCredentialPut, renderFederatedCredential } from "@azmi/identity";
import type { ResourceTypeHandler } from "../../arm/contract.js";
import { pagedList } from "../resources/list-answer.js";
import { actorOf } from "../actor.js";

export const federatedCredentialsHandler: ResourceTypeHandler = {
  resourceType: FEDERATED_CREDENTIAL_TYPE,
  apiVersions: FEDERATED_CREDENTIAL_API_VERSIONS,

  get(ctx, id) {
    return { status: 200, body: renderFederatedCredential(ctx.services.identities.federatedCredentials.get(id), ctx.apiVersion) };
  },

  put(ctx, id) {
    const input = federatedCredentialPut.parse(ctx.body ?? {});
    const { created, credential } = ctx.services.identities.federatedCredentials.createOrUpdate(id, input, { apiVersion: ctx.apiVersion, actor: actorOf(ctx) });
    return { status: created ? 201 : 200, body: renderFederatedCredential(credential, ctx.apiVersion) };
  },

  delete(ctx, id) {
    return { status: ctx.services.identities.federatedCredentials.delete(id) ? 200 : 204 };
  },

  list(ctx, parent) {
    const items = ctx.services.identities.federatedCredentials.list(parent);
    return pagedList(
      ctx,
      items,
      (c) => c.id.toLowerCase(),
      (c) => renderFederatedCredential(c, ctx.apiVersion),
    );
  },
};
