/** /groups: empty until a test creates one. */
import { groupSchema } from "./objects/entity-schemas.js";
import { groupCreateBody, groupUpdateBody, parseBody } from "./objects/request-bodies.js";
import { newGroup } from "./objects/users-and-groups.js";
import { findEntity, showEntity, type EntitySet } from "./entity-sets.js";
import type { EntityKey, GraphAnswer, GraphRequest } from "./request.js";

export const groups: EntitySet = {
  name: "groups",
  kind: "group",
  schema: groupSchema,
  alternateKeys: [],
};

export function createGroup(request: GraphRequest): GraphAnswer {
  const body = parseBody(groupCreateBody, request.body, "Group");
  const group = newGroup(body);
  request.services.store.transaction(() => request.services.directory.put(group));
  return showEntity(request, groups, group, 201);
}

export function updateGroup(request: GraphRequest, key: EntityKey): GraphAnswer {
  request.services.store.transaction(() => {
    const existing = findEntity(request, groups, key);
    const changes = parseBody(groupUpdateBody, request.body, "Group");
    request.services.directory.put({ ...existing, ...changes });
  });
  return { status: 204 };
}

export function deleteGroup(request: GraphRequest, key: EntityKey): GraphAnswer {
  request.services.store.transaction(() => {
    const existing = findEntity(request, groups, key);
    request.services.directory.delete(existing.id);
  });
  return { status: 204 };
}
