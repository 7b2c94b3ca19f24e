/**
 * Entra directory roles as Graph serves them: the activated `directoryRoles` (by id or
 * `roleTemplateId`) and their members, and `roleManagement/directory` role definitions and role
 * assignments (who holds which built-in role). The role catalogue and the assignments live in
 * @azmi/identity.
 */
import { entityResponse, graphErrors, queryCollection, type EntitySchema } from "@azmi/graph-odata";
import {
  directoryRoleSchema,
  directoryRoleTemplate,
  directoryRoleTemplates,
  directoryRoleView,
  parseDirectoryBody,
  roleAssignmentBody,
  roleDefinitions,
  roleDefinitionView,
  unifiedRoleAssignmentSchema,
  unifiedRoleDefinitionSchema,
} from "@azmi/identity";
import type { EntityKey, GraphAnswer, GraphRequest } from "./request.js";

function list(request: GraphRequest, items: readonly unknown[], schema: EntitySchema, entitySet: string): GraphAnswer {
  const body = queryCollection({
    items,
    params: request.query,
    consistencyLevel: request.consistencyLevel,
    schema,
    serviceRoot: request.serviceRoot,
    entitySet,
    path: request.path,
  });
  return { status: 200, body };
}

function one(request: GraphRequest, item: Record<string, unknown>, schema: EntitySchema, entitySet: string, status = 200): GraphAnswer {
  return { status, body: entityResponse(item, { params: request.query, schema, serviceRoot: request.serviceRoot, entitySet }) };
}

function activatedRoles(request: GraphRequest): Record<string, unknown>[] {
  return Object.values(directoryRoleTemplates).map((t) => withoutType(directoryRoleView(request.services.config.tenantId, t)));
}

function withoutType(object: Record<string, unknown>): Record<string, unknown> {
  const { "@odata.type": _type, ...rest } = object;
  return rest;
}

function findDirectoryRole(request: GraphRequest, key: EntityKey): Record<string, unknown> {
  const property = key.property.toLowerCase();
  if (property !== "id" && property !== "roletemplateid") {
    throw graphErrors.badRequest(`The key property '${key.property}' is not a key or alternate key of 'directoryRoles'.`);
  }
  const wanted = key.value.toLowerCase();
  const found = activatedRoles(request).find((r) => String(property === "id" ? r.id : r.roleTemplateId) === wanted);
  if (found === undefined) throw graphErrors.resourceNotFound(key.value);
  return found;
}

export function listDirectoryRoles(request: GraphRequest): GraphAnswer {
  return list(request, activatedRoles(request), directoryRoleSchema, "directoryRoles");
}

export function showDirectoryRole(request: GraphRequest, key: EntityKey): GraphAnswer {
  return one(request, findDirectoryRole(request, key), directoryRoleSchema, "directoryRoles");
}

export function directoryRoleMembers(request: GraphRequest, key: EntityKey): GraphAnswer {
  const role = findDirectoryRole(request, key);
  const { directory } = request.services;
  const value = directory.roleAssignments.ofRole(String(role.roleTemplateId)).flatMap((a) => directory.get(a.principalId) ?? []);
  return { status: 200, body: { "@odata.context": `${request.serviceRoot}/$metadata#directoryObjects`, value } };
}

const DEFINITIONS = "roleManagement/directory/roleDefinitions";
const ASSIGNMENTS = "roleManagement/directory/roleAssignments";

export function listRoleDefinitions(request: GraphRequest): GraphAnswer {
  return list(request, roleDefinitions(), unifiedRoleDefinitionSchema, DEFINITIONS);
}

export function showRoleDefinition(request: GraphRequest, key: EntityKey): GraphAnswer {
  const template = directoryRoleTemplate(key.value);
  if (template === undefined) throw graphErrors.resourceNotFound(key.value);
  return one(request, roleDefinitionView(template), unifiedRoleDefinitionSchema, DEFINITIONS);
}

export function listRoleAssignments(request: GraphRequest): GraphAnswer {
  return list(request, request.services.directory.roleAssignments.list(), unifiedRoleAssignmentSchema, ASSIGNMENTS);
}

export function showRoleAssignment(request: GraphRequest, key: EntityKey): GraphAnswer {
  const found = request.services.directory.roleAssignments.get(key.value);
  if (found === undefined) throw graphErrors.resourceNotFound(key.value);
  return one(request, { ...found }, unifiedRoleAssignmentSchema, ASSIGNMENTS);
}

export function createRoleAssignment(request: GraphRequest): GraphAnswer {
  const body = parseDirectoryBody(roleAssignmentBody, request.body, "UnifiedRoleAssignment");
  const { directory, store } = request.services;
  const created = store.transaction(() => directory.roleAssignments.create(body));
  return one(request, { ...created }, unifiedRoleAssignmentSchema, ASSIGNMENTS, 201);
}

export function deleteRoleAssignment(request: GraphRequest, key: EntityKey): GraphAnswer {
  const { directory, store } = request.services;
  store.transaction(() => {
    if (!directory.roleAssignments.delete(key.value)) throw graphErrors.resourceNotFound(key.value);
  });
  return { status: 204 };
}
