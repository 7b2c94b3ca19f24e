/**
 * /users and /me. The directory has no users until a test creates one, so the CLI's
 * assignee resolution falls through to service principals as it does on Azure. A user is
 * addressed by id or by userPrincipalName (`/users/{id | userPrincipalName}`). The rules are
 * @azmi/identity's; this module addresses, parses and renders.
 */
import { graphErrors } from "@azmi/graph-odata";
import { insertUser, parseDirectoryBody, patchUser, userCreateBody, userSchema, userUpdateBody, type DirectoryObject } from "@azmi/identity";
import { findEntity, showEntity, type EntitySet } from "./entity-sets.js";
import type { EntityKey, GraphAnswer, GraphRequest } from "./request.js";

export const users: EntitySet = {
  name: "users",
  kind: "user",
  schema: userSchema,
  alternateKeys: ["userPrincipalName"],
};

/** `/users/alice@contoso.com` is a lookup by userPrincipalName. */
export function userKey(key: EntityKey): EntityKey {
  return key.property === "id" && key.value.includes("@") ? { property: "userPrincipalName", value: key.value } : key;
}

export function createUser(request: GraphRequest): GraphAnswer {
  const body = parseDirectoryBody(userCreateBody, request.body, "User");
  const created = request.services.store.transaction(() => insertUser(request.services.directory, body));
  return showEntity(request, users, created, 201);
}

export function updateUser(request: GraphRequest, key: EntityKey): GraphAnswer {
  request.services.store.transaction(() => {
    const existing = findEntity(request, users, userKey(key));
    const changes = parseDirectoryBody(userUpdateBody, request.body, "User");
    patchUser(request.services.directory, existing, changes);
  });
  return { status: 204 };
}

export function deleteUser(request: GraphRequest, key: EntityKey): GraphAnswer {
  request.services.store.transaction(() => {
    const existing = findEntity(request, users, userKey(key));
    request.services.directory.delete(existing.id);
  });
  return { status: 204 };
}

/**
 * /me is the signed-in user of a delegated token. An app-only token (every token azmi issues
 * to applications and managed identities) gets Graph's own 400.
 */
export function me(request: GraphRequest): GraphAnswer {
  const caller = request.caller;
  if (!caller.delegated || caller.objectId === undefined) {
    throw graphErrors.badRequest("/me request is only valid with delegated authentication flow.");
  }
  const user: DirectoryObject = findEntity(request, users, { property: "id", value: caller.objectId });
  return showEntity(request, users, user);
}
