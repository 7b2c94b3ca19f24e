/**
 * App role assignments of a service principal, from both ends as Graph serves them:
 * `/servicePrincipals/{principal}/appRoleAssignments` (what it was granted) and
 * `/servicePrincipals/{resource}/appRoleAssignedTo` (who was granted its roles). The rules
 * (the role exists on the resource, no duplicates) are @azmi/identity's.
 */
import { entityResponse, graphErrors, queryCollection } from "@azmi/graph-odata";
import { appRoleAssignmentBody, appRoleAssignmentSchema, parseDirectoryBody, type AppRoleAssignment } from "@azmi/identity";
import { findEntity } from "./entity-sets.js";
import type { EntityKey, GraphAnswer, GraphHandler, GraphRequest } from "./request.js";
import { servicePrincipals } from "./service-principals.js";

/** Which end of the assignment the service principal in the path is. */
export type AssignmentEnd = "appRoleAssignments" | "appRoleAssignedTo";

function assignmentsOf(request: GraphRequest, end: AssignmentEnd, principalId: string): AppRoleAssignment[] {
  const assignments = request.services.directory.appRoleAssignments;
  return end === "appRoleAssignments" ? assignments.ofPrincipal(principalId) : assignments.ofResource(principalId);
}

function entitySetPath(end: AssignmentEnd, id: string): string {
  return `servicePrincipals('${id}')/${end}`;
}

export function listAppRoleAssignments(end: AssignmentEnd): GraphHandler {
  return (request: GraphRequest, key: EntityKey): GraphAnswer => {
    const sp = findEntity(request, servicePrincipals, key);
    const body = queryCollection({
      items: assignmentsOf(request, end, sp.id),
      params: request.query,
      consistencyLevel: request.consistencyLevel,
      schema: appRoleAssignmentSchema,
      serviceRoot: request.serviceRoot,
      entitySet: entitySetPath(end, sp.id),
      path: request.path,
    });
    return { status: 200, body };
  };
}

function show(request: GraphRequest, end: AssignmentEnd, spId: string, assignment: AppRoleAssignment, status: number): GraphAnswer {
  const body = entityResponse(
    { ...assignment },
    {
      params: request.query,
      schema: appRoleAssignmentSchema,
      serviceRoot: request.serviceRoot,
      entitySet: entitySetPath(end, spId),
    },
  );
  return { status, body };
}

function findAssignment(request: GraphRequest, end: AssignmentEnd, spId: string, assignmentKey: EntityKey | undefined): AppRoleAssignment {
  const id = assignmentKey?.value ?? "";
  const found = request.services.directory.appRoleAssignments.get(id);
  const side = end === "appRoleAssignments" ? found?.principalId : found?.resourceId;
  if (found === undefined || side?.toLowerCase() !== spId.toLowerCase()) throw graphErrors.resourceNotFound(id);
  return found;
}

export function showAppRoleAssignment(end: AssignmentEnd): GraphHandler {
  return (request, key, assignmentKey) => {
    const sp = findEntity(request, servicePrincipals, key);
    return show(request, end, sp.id, findAssignment(request, end, sp.id, assignmentKey), 200);
  };
}

/** POST: the path's service principal must be the principal (appRoleAssignments) or the resource (appRoleAssignedTo) of the body. */
export function createAppRoleAssignment(end: AssignmentEnd): GraphHandler {
  return (request, key) => {
    const body = parseDirectoryBody(appRoleAssignmentBody, request.body, "AppRoleAssignment");
    const { directory, store } = request.services;
    const created = store.transaction(() => {
      const sp = findEntity(request, servicePrincipals, key);
      const named = end === "appRoleAssignments" ? body.principalId : body.resourceId;
      if (named.toLowerCase() !== sp.id.toLowerCase()) {
        const property = end === "appRoleAssignments" ? "principalId" : "resourceId";
        throw graphErrors.badRequest(`The ${property} of the app role assignment must be the id of the service principal in the request path ('${sp.id}').`);
      }
      return { sp, assignment: directory.appRoleAssignments.create(body) };
    });
    return show(request, end, created.sp.id, created.assignment, 201);
  };
}

export function deleteAppRoleAssignment(end: AssignmentEnd): GraphHandler {
  return (request, key, assignmentKey) => {
    const { directory, store } = request.services;
    store.transaction(() => {
      const sp = findEntity(request, servicePrincipals, key);
      directory.appRoleAssignments.delete(findAssignment(request, end, sp.id, assignmentKey).id);
    });
    return { status: 204 };
  };
}
