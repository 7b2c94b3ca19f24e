/**
 * The Graph v1.0 surface azmi serves, one row per route: the operation it is (what it needs is
 * in @azmi/identity's graph-operations.ts, the one permission table) and, where ownership can
 * allow it, the entity set whose `{key}` names the owned object. `{key}` matches an id segment or
 * an OData key (`servicePrincipals(appId='…')`); literals match case-insensitively, and action
 * names also with their `microsoft.graph.` prefix. Earlier rows win, so literals sit above keys.
 */
import { graphErrors } from "@azmi/graph-odata";
import { organization, type GraphOperation } from "@azmi/identity";
import { applications, addKey, addPassword, createApplication, deleteApplication, removeKey, removePassword, updateApplication } from "./applications.js";
import { createAppRoleAssignment, deleteAppRoleAssignment, listAppRoleAssignments, showAppRoleAssignment } from "./app-role-assignments.js";
import { countEntities, findEntity, listEntities, showEntity, visibleToRead, type EntitySet } from "./entity-sets.js";
import { getByIds, showDirectoryObject } from "./directory-objects.js";
import {
  createRoleAssignment,
  deleteRoleAssignment,
  directoryRoleMembers,
  listDirectoryRoles,
  listRoleAssignments,
  listRoleDefinitions,
  showDirectoryRole,
  showRoleAssignment,
  showRoleDefinition,
} from "./directory-roles.js";
import { createGroup, deleteGroup, groups, updateGroup } from "./groups.js";
import { addOwner, listOwners, removeOwner } from "./owners.js";
import type { EntityKey, GraphAnswer, GraphHandler, GraphRequest } from "./request.js";
import { createServicePrincipal, deleteServicePrincipal, servicePrincipals, updateServicePrincipal } from "./service-principals.js";
import { createUser, deleteUser, me, updateUser, userKey, users } from "./users.js";

export type { GraphHandler } from "./request.js";

export interface GraphRoute {
  readonly method: "GET" | "POST" | "PATCH" | "DELETE";
  readonly path: string;
  readonly operation: GraphOperation;
  /** The set whose object `{key}` names, when owning that object can allow the operation. */
  readonly owned?: EntitySet;
  readonly handle: GraphHandler;
}

const show =
  (set: EntitySet, adjustKey: (key: EntityKey) => EntityKey = (k) => k): GraphHandler =>
  (request, key) => {
    const found = findEntity(request, set, adjustKey(key));
    if (!visibleToRead(request)(found)) throw graphErrors.resourceNotFound(key.value);
    return showEntity(request, set, found);
  };

function organizationAnswer(request: GraphRequest, key: EntityKey | undefined): GraphAnswer {
  const tenantId = request.services.config.tenantId;
  const root = request.serviceRoot;
  if (key === undefined) return { status: 200, body: { "@odata.context": `${root}/$metadata#organization`, value: [organization(tenantId)] } };
  if (key.value.toLowerCase() !== tenantId.toLowerCase()) throw graphErrors.resourceNotFound(key.value);
  return { status: 200, body: { "@odata.context": `${root}/$metadata#organization/$entity`, ...organization(tenantId) } };
}

const sp = servicePrincipals;
const app = applications;

export const graphRoutes: readonly GraphRoute[] = [
  { method: "GET", path: "servicePrincipals", operation: "servicePrincipals.read", handle: (r) => listEntities(r, sp) },
  { method: "POST", path: "servicePrincipals", operation: "servicePrincipals.create", handle: (r) => createServicePrincipal(r) },
  { method: "GET", path: "servicePrincipals/$count", operation: "servicePrincipals.read", handle: (r) => countEntities(r, sp) },
  { method: "GET", path: "servicePrincipals/{key}", operation: "servicePrincipals.read", handle: show(sp) },
  { method: "PATCH", path: "servicePrincipals/{key}", operation: "servicePrincipals.update", owned: sp, handle: updateServicePrincipal },
  { method: "DELETE", path: "servicePrincipals/{key}", operation: "servicePrincipals.delete", owned: sp, handle: deleteServicePrincipal },
  { method: "GET", path: "servicePrincipals/{key}/owners", operation: "servicePrincipals.read", handle: listOwners(sp) },
  { method: "POST", path: "servicePrincipals/{key}/owners/$ref", operation: "servicePrincipals.owners", owned: sp, handle: addOwner(sp) },
  { method: "DELETE", path: "servicePrincipals/{key}/owners/{key}/$ref", operation: "servicePrincipals.owners", owned: sp, handle: removeOwner(sp) },
  {
    method: "GET",
    path: "servicePrincipals/{key}/appRoleAssignments",
    operation: "appRoleAssignments.read",
    handle: listAppRoleAssignments("appRoleAssignments"),
  },
  {
    method: "POST",
    path: "servicePrincipals/{key}/appRoleAssignments",
    operation: "appRoleAssignments.write",
    handle: createAppRoleAssignment("appRoleAssignments"),
  },
  {
    method: "GET",
    path: "servicePrincipals/{key}/appRoleAssignments/{key}",
    operation: "appRoleAssignments.read",
    handle: showAppRoleAssignment("appRoleAssignments"),
  },
  {
    method: "DELETE",
    path: "servicePrincipals/{key}/appRoleAssignments/{key}",
    operation: "appRoleAssignments.write",
    handle: deleteAppRoleAssignment("appRoleAssignments"),
  },
  {
    method: "GET",
    path: "servicePrincipals/{key}/appRoleAssignedTo",
    operation: "appRoleAssignments.read",
    handle: listAppRoleAssignments("appRoleAssignedTo"),
  },
  {
    method: "POST",
    path: "servicePrincipals/{key}/appRoleAssignedTo",
    operation: "appRoleAssignments.write",
    handle: createAppRoleAssignment("appRoleAssignedTo"),
  },
  {
    method: "GET",
    path: "servicePrincipals/{key}/appRoleAssignedTo/{key}",
    operation: "appRoleAssignments.read",
    handle: showAppRoleAssignment("appRoleAssignedTo"),
  },
  {
    method: "DELETE",
    path: "servicePrincipals/{key}/appRoleAssignedTo/{key}",
    operation: "appRoleAssignments.write",
    handle: deleteAppRoleAssignment("appRoleAssignedTo"),
  },

  { method: "GET", path: "applications", operation: "applications.read", handle: (r) => listEntities(r, app) },
  { method: "POST", path: "applications", operation: "applications.create", handle: (r) => createApplication(r) },
  { method: "GET", path: "applications/$count", operation: "applications.read", handle: (r) => countEntities(r, app) },
  { method: "GET", path: "applications/{key}", operation: "applications.read", handle: show(app) },
  { method: "PATCH", path: "applications/{key}", operation: "applications.update", owned: app, handle: updateApplication },
  { method: "DELETE", path: "applications/{key}", operation: "applications.delete", owned: app, handle: deleteApplication },
  { method: "POST", path: "applications/{key}/addPassword", operation: "applications.credentials", owned: app, handle: addPassword },
  { method: "POST", path: "applications/{key}/removePassword", operation: "applications.credentials", owned: app, handle: removePassword },
  { method: "POST", path: "applications/{key}/addKey", operation: "applications.credentials", owned: app, handle: addKey },
  { method: "POST", path: "applications/{key}/removeKey", operation: "applications.credentials", owned: app, handle: removeKey },
  { method: "GET", path: "applications/{key}/owners", operation: "applications.read", handle: listOwners(app) },
  { method: "POST", path: "applications/{key}/owners/$ref", operation: "applications.owners", owned: app, handle: addOwner(app) },
  { method: "DELETE", path: "applications/{key}/owners/{key}/$ref", operation: "applications.owners", owned: app, handle: removeOwner(app) },

  { method: "GET", path: "users", operation: "users.read", handle: (r) => listEntities(r, users) },
  { method: "POST", path: "users", operation: "users.write", handle: (r) => createUser(r) },
  { method: "GET", path: "users/$count", operation: "users.read", handle: (r) => countEntities(r, users) },
  { method: "GET", path: "users/{key}", operation: "users.read", handle: show(users, userKey) },
  { method: "PATCH", path: "users/{key}", operation: "users.write", handle: updateUser },
  { method: "DELETE", path: "users/{key}", operation: "users.write", handle: deleteUser },

  { method: "GET", path: "groups", operation: "groups.read", handle: (r) => listEntities(r, groups) },
  { method: "POST", path: "groups", operation: "groups.write", handle: (r) => createGroup(r) },
  { method: "GET", path: "groups/$count", operation: "groups.read", handle: (r) => countEntities(r, groups) },
  { method: "GET", path: "groups/{key}", operation: "groups.read", handle: show(groups) },
  { method: "PATCH", path: "groups/{key}", operation: "groups.write", owned: groups, handle: updateGroup },
  { method: "DELETE", path: "groups/{key}", operation: "groups.write", owned: groups, handle: deleteGroup },

  { method: "POST", path: "directoryObjects/getByIds", operation: "directoryObjects.read", handle: (r) => getByIds(r) },
  { method: "GET", path: "directoryObjects/{key}", operation: "directoryObjects.read", handle: showDirectoryObject },

  { method: "GET", path: "directoryRoles", operation: "directoryRoles.read", handle: (r) => listDirectoryRoles(r) },
  { method: "GET", path: "directoryRoles/{key}", operation: "directoryRoles.read", handle: showDirectoryRole },
  { method: "GET", path: "directoryRoles/{key}/members", operation: "directoryRoles.read", handle: directoryRoleMembers },
  { method: "GET", path: "roleManagement/directory/roleDefinitions", operation: "roleManagement.read", handle: (r) => listRoleDefinitions(r) },
  { method: "GET", path: "roleManagement/directory/roleDefinitions/{key}", operation: "roleManagement.read", handle: showRoleDefinition },
  { method: "GET", path: "roleManagement/directory/roleAssignments", operation: "roleManagement.read", handle: (r) => listRoleAssignments(r) },
  { method: "POST", path: "roleManagement/directory/roleAssignments", operation: "roleManagement.write", handle: (r) => createRoleAssignment(r) },
  { method: "GET", path: "roleManagement/directory/roleAssignments/{key}", operation: "roleManagement.read", handle: showRoleAssignment },
  { method: "DELETE", path: "roleManagement/directory/roleAssignments/{key}", operation: "roleManagement.write", handle: deleteRoleAssignment },

  { method: "GET", path: "me", operation: "me.read", handle: (r) => me(r) },
  { method: "GET", path: "organization", operation: "organization.read", handle: (r) => organizationAnswer(r, undefined) },
  { method: "GET", path: "organization/{key}", operation: "organization.read", handle: organizationAnswer },
];
