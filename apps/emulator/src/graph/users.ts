/**
 * /users and /me. The directory has no users until a test creates one, so the CLI's
 * assignee resolution falls through to service principals as it does on Azure. A user is
 * addressed by id or by userPrincipalName (`/users/{id | userPrincipalName}`).
 */
import { graphErrors } from "@azmi/graph-odata";
import type { DirectoryObject } from "@azmi/identity";
import { userSchema } from "./objects/entity-schemas.js";
import { parseBody, userCreateBody, userUpdateBody } from "./objects/request-bodies.js";
import { newUser } from "./objects/users-and-groups.js";
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

function requireUniqueUpn(request: GraphRequest, upn: string | undefined, self: string | undefined): void {
  if (upn === undefined) return;
  const taken = request.services.directory
    .list({ kind: "user" })
    .some((u) => u.id !== self && String(u.userPrincipalName ?? "").toLowerCase() === upn.toLowerCase());
  if (taken) throw graphErrors.badRequest("Another object with the same value for property userPrincipalName already exists.");
}

export function createUser(request: GraphRequest): GraphAnswer {
  const body = parseBody(userCreateBody, request.body, "User");
  const created = request.services.store.transaction(() => {
    requireUniqueUpn(request, body.userPrincipalName, undefined);
    const user = newUser(body);
    request.services.directory.put(user);
    return user;
  });
  return showEntity(request, users, created, 201);
}

export function updateUser(request: GraphRequest, key: EntityKey): GraphAnswer {
  request.services.store.transaction(() => {
    const existing = findEntity(request, users, userKey(key));
    const { passwordProfile: _password, ...changes } = parseBody(userUpdateBody, request.body, "User");
    requireUniqueUpn(request, changes.userPrincipalName, existing.id);
    request.services.directory.put({ ...existing, ...changes });
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
