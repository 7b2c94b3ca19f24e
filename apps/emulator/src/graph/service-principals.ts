/**
 * /servicePrincipals. Managed-identity principals belong to ARM (they come and go with the
 * identity or the resource): Graph lists and shows them but refuses to change or delete them.
 * An application's principal is created by POST with its appId, never by creating the app.
 */
import { GraphError, graphErrors } from "@azmi/graph-odata";
import { isManagedIdentityServicePrincipal, type DirectoryObject } from "@azmi/identity";
import { servicePrincipalForApplication } from "./objects/applications.js";
import { servicePrincipalSchema } from "./objects/entity-schemas.js";
import { parseBody, servicePrincipalCreateBody, servicePrincipalUpdateBody } from "./objects/request-bodies.js";
import { findEntity, showEntity, type EntitySet } from "./entity-sets.js";
import type { EntityKey, GraphAnswer, GraphRequest } from "./request.js";

export const servicePrincipals: EntitySet = {
  name: "servicePrincipals",
  kind: "servicePrincipal",
  schema: servicePrincipalSchema,
  alternateKeys: ["appId"],
};

function refuseManagedIdentity(object: DirectoryObject): void {
  if (isManagedIdentityServicePrincipal(object)) {
    // Azure: managed-identity principals "can't be updated or modified directly"; the exact
    // Graph answer is not documented, so azmi answers 400 Request_BadRequest saying why.
    throw graphErrors.badRequest(
      `The service principal '${object.id}' belongs to a managed identity and can't be updated or deleted through Microsoft Graph. Change the managed identity through Azure Resource Manager instead.`,
    );
  }
}

export function createServicePrincipal(request: GraphRequest): GraphAnswer {
  const body = parseBody(servicePrincipalCreateBody, request.body, "ServicePrincipal");
  const { directory, config, store } = request.services;
  const created = store.transaction(() => {
    const application = directory.findByAppId(body.appId, "application")[0];
    if (application === undefined) {
      throw graphErrors.badRequest(`The appId '${body.appId}' of the service principal does not reference a valid application object.`);
    }
    if (directory.findByAppId(body.appId, "servicePrincipal").length > 0) {
      throw new GraphError(
        409,
        "Request_MultipleObjectsWithSameKeyValue",
        `The service principal cannot be created, updated, or restored because the service principal name ${body.appId} is already in use.`,
      );
    }
    const principal = servicePrincipalForApplication(application, body, config.tenantId);
    directory.put(principal);
    return principal;
  });
  return showEntity(request, servicePrincipals, created, 201);
}

export function updateServicePrincipal(request: GraphRequest, key: EntityKey): GraphAnswer {
  const { directory, store } = request.services;
  store.transaction(() => {
    const existing = findEntity(request, servicePrincipals, key);
    refuseManagedIdentity(existing);
    const changes = parseBody(servicePrincipalUpdateBody, request.body, "ServicePrincipal");
    directory.put({ ...existing, ...changes });
  });
  return { status: 204 };
}

export function deleteServicePrincipal(request: GraphRequest, key: EntityKey): GraphAnswer {
  const { directory, store } = request.services;
  store.transaction(() => {
    const existing = findEntity(request, servicePrincipals, key);
    refuseManagedIdentity(existing);
    directory.delete(existing.id);
  });
  return { status: 204 };
}

/** `az ad sp owner list`: azmi keeps no owners, so the list is empty. */
export function servicePrincipalOwners(request: GraphRequest, key: EntityKey): GraphAnswer {
  findEntity(request, servicePrincipals, key);
  return { status: 200, body: { "@odata.context": `${request.serviceRoot}/$metadata#directoryObjects`, value: [] } };
}
