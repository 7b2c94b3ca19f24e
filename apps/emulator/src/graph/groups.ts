/** /groups: empty until a test creates one. The rules are @azmi/identity's; this module addresses, parses and renders. */
import { groupCreateBody, groupSchema, groupUpdateBody, insertGroup, parseDirectoryBody, patchGroup } from "@azmi/identity";
import { findEntity, showEntity, type EntitySet } from "./entity-sets.js";
import type { EntityKey, GraphAnswer, GraphRequest } from "./request.js";

export const groups: EntitySet = {
  name: "groups",
  kind: "group",
  schema: groupSchema,
  alternateKeys: [],
};

export function createGroup(request: GraphRequest): GraphAnswer {
  const body = parseDirectoryBody(groupCreateBody, request.body, "Group");
  const group = request.services.store.transaction(() => insertGroup(request.services.directory, body));
  return showEntity(request, groups, group, 201);
}

export function updateGroup(request: GraphRequest, key: EntityKey): GraphAnswer {
  request.services.store.transaction(() => {
    const existing = findEntity(request, groups, key);
    const changes = parseDirectoryBody(groupUpdateBody, request.body, "Group");
    patchGroup(request.services.directory, existing, changes);
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
