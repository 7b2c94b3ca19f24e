/**
 * /servicePrincipals. Managed-identity principals belong to ARM (they come and go with the
 * identity or the resource): Graph lists and shows them but refuses to change or delete them.
 * An application's principal is created by POST with its appId, never by creating the app.
 * The rules are @azmi/identity's; this module addresses, parses and renders.
 */
import {
  insertApplicationServicePrincipal,
  parseDirectoryBody,
  patchServicePrincipal,
  refuseFirstPartyChange,
  refuseManagedIdentityChange,
  removeServicePrincipal,
  servicePrincipalCreateBody,
  servicePrincipalSchema,
  servicePrincipalUpdateBody,
} from "@azmi/identity";
import { findEntity, showEntity, type EntitySet } from "./entity-sets.js";
import type { EntityKey, GraphAnswer, GraphRequest } from "./request.js";

export const servicePrincipals: EntitySet = {
  name: "servicePrincipals",
  kind: "servicePrincipal",
  schema: servicePrincipalSchema,
  alternateKeys: ["appId"],
};

export function createServicePrincipal(request: GraphRequest): GraphAnswer {
  const body = parseDirectoryBody(servicePrincipalCreateBody, request.body, "ServicePrincipal");
  const { directory, config, store } = request.services;
  const created = store.transaction(() => insertApplicationServicePrincipal(directory, body, config.tenantId));
  return showEntity(request, servicePrincipals, created, 201);
}

export function updateServicePrincipal(request: GraphRequest, key: EntityKey): GraphAnswer {
  const { directory, store } = request.services;
  store.transaction(() => {
    const existing = findEntity(request, servicePrincipals, key);
    // A managed identity's principal is refused before its body is read, whatever the body holds.
    refuseFirstPartyChange(existing);
    refuseManagedIdentityChange(existing);
    const changes = parseDirectoryBody(servicePrincipalUpdateBody, request.body, "ServicePrincipal");
    patchServicePrincipal(directory, existing, changes);
  });
  return { status: 204 };
}

export function deleteServicePrincipal(request: GraphRequest, key: EntityKey): GraphAnswer {
  const { directory, store } = request.services;
  store.transaction(() => removeServicePrincipal(directory, findEntity(request, servicePrincipals, key)));
  return { status: 204 };
}
