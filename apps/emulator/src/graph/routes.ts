/**
 * The Graph v1.0 surface azmi serves, one row per route. `{key}` matches an id segment or an
 * OData key (`servicePrincipals(appId='…')`); literals match case-insensitively, and action
 * names also with their `microsoft.graph.` prefix. Earlier rows win, so literals sit above keys.
 */
import { applications, addPassword, createApplication, deleteApplication, removePassword, updateApplication } from "./applications.js";
import { countEntities, findEntity, listEntities, showEntity, type EntitySet } from "./entity-sets.js";
import { getByIds, showDirectoryObject } from "./directory-objects.js";
import { createGroup, deleteGroup, groups, updateGroup } from "./groups.js";
import type { EntityKey, GraphAnswer, GraphRequest } from "./request.js";
import {
  createServicePrincipal,
  deleteServicePrincipal,
  servicePrincipalOwners,
  servicePrincipals,
  updateServicePrincipal,
} from "./service-principals.js";
import { createUser, deleteUser, me, updateUser, userKey, users } from "./users.js";
import { graphErrors } from "@azmi/graph-odata";
import { organization } from "@azmi/identity";

export type GraphHandler = (request: GraphRequest, key: EntityKey) => GraphAnswer;

export interface GraphRoute {
  readonly method: "GET" | "POST" | "PATCH" | "DELETE";
  readonly path: string;
  readonly handle: GraphHandler;
}

const show =
  (set: EntitySet, adjustKey: (key: EntityKey) => EntityKey = (k) => k): GraphHandler =>
  (request, key) =>
    showEntity(request, set, findEntity(request, set, adjustKey(key)));

function organizationAnswer(request: GraphRequest, key: EntityKey | undefined): GraphAnswer {
  const tenantId = request.services.config.tenantId;
  const root = request.serviceRoot;
  if (key === undefined) return { status: 200, body: { "@odata.context": `${root}/$metadata#organization`, value: [organization(tenantId)] } };
  if (key.value.toLowerCase() !== tenantId.toLowerCase()) throw graphErrors.resourceNotFound(key.value);
  return { status: 200, body: { "@odata.context": `${root}/$metadata#organization/$entity`, ...organization(tenantId) } };
}

export const graphRoutes: readonly GraphRoute[] = [
  { method: "GET", path: "servicePrincipals", handle: (r) => listEntities(r, servicePrincipals) },
  { method: "POST", path: "servicePrincipals", handle: (r) => createServicePrincipal(r) },
  { method: "GET", path: "servicePrincipals/$count", handle: (r) => countEntities(r, servicePrincipals) },
  { method: "GET", path: "servicePrincipals/{key}", handle: show(servicePrincipals) },
  { method: "PATCH", path: "servicePrincipals/{key}", handle: updateServicePrincipal },
  { method: "DELETE", path: "servicePrincipals/{key}", handle: deleteServicePrincipal },
  { method: "GET", path: "servicePrincipals/{key}/owners", handle: servicePrincipalOwners },

  { method: "GET", path: "applications", handle: (r) => listEntities(r, applications) },
  { method: "POST", path: "applications", handle: (r) => createApplication(r) },
  { method: "GET", path: "applications/$count", handle: (r) => countEntities(r, applications) },
  { method: "GET", path: "applications/{key}", handle: show(applications) },
  { method: "PATCH", path: "applications/{key}", handle: updateApplication },
  { method: "DELETE", path: "applications/{key}", handle: deleteApplication },
  { method: "POST", path: "applications/{key}/addPassword", handle: addPassword },
  { method: "POST", path: "applications/{key}/removePassword", handle: removePassword },

  { method: "GET", path: "users", handle: (r) => listEntities(r, users) },
  { method: "POST", path: "users", handle: (r) => createUser(r) },
  { method: "GET", path: "users/$count", handle: (r) => countEntities(r, users) },
  { method: "GET", path: "users/{key}", handle: show(users, userKey) },
  { method: "PATCH", path: "users/{key}", handle: updateUser },
  { method: "DELETE", path: "users/{key}", handle: deleteUser },

  { method: "GET", path: "groups", handle: (r) => listEntities(r, groups) },
  { method: "POST", path: "groups", handle: (r) => createGroup(r) },
  { method: "GET", path: "groups/$count", handle: (r) => countEntities(r, groups) },
  { method: "GET", path: "groups/{key}", handle: show(groups) },
  { method: "PATCH", path: "groups/{key}", handle: updateGroup },
  { method: "DELETE", path: "groups/{key}", handle: deleteGroup },

  { method: "POST", path: "directoryObjects/getByIds", handle: (r) => getByIds(r) },
  { method: "GET", path: "directoryObjects/{key}", handle: showDirectoryObject },

  { method: "GET", path: "me", handle: (r) => me(r) },
  { method: "GET", path: "organization", handle: (r) => organizationAnswer(r, undefined) },
  { method: "GET", path: "organization/{key}", handle: organizationAnswer },
];

