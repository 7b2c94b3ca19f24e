/**
 * /applications: registrations for `az ad sp create-for-rbac`, `az ad app create` and tests.
 * addPassword answers the secret once and registers its hash with the login endpoint, so
 * client-credentials sign-ins with it work (and are required in strict mode).
 */
import { graphErrors } from "@azmi/graph-odata";
import type { DirectoryObject } from "@azmi/identity";
import { tokenServices } from "../tokens/token-services.js";
import { newApplication, newPassword } from "./objects/applications.js";
import { applicationSchema } from "./objects/entity-schemas.js";
import { addPasswordBody, applicationCreateBody, applicationUpdateBody, parseBody, removePasswordBody } from "./objects/request-bodies.js";
import { findEntity, showEntity, type EntitySet } from "./entity-sets.js";
import type { EntityKey, GraphAnswer, GraphRequest } from "./request.js";

export const applications: EntitySet = {
  name: "applications",
  kind: "application",
  schema: applicationSchema,
  alternateKeys: ["appId"],
};

/** Graph refuses an identifierUri another application already uses. */
function requireUniqueIdentifierUris(request: GraphRequest, uris: readonly string[] | undefined, self: string | undefined): void {
  if (uris === undefined || uris.length === 0) return;
  const wanted = new Set(uris.map((u) => u.toLowerCase()));
  for (const other of request.services.directory.list({ kind: "application" })) {
    if (other.id === self || !Array.isArray(other.identifierUris)) continue;
    if ((other.identifierUris as string[]).some((u) => wanted.has(u.toLowerCase()))) {
      throw graphErrors.badRequest("Another object with the same value for property identifierUris already exists.");
    }
  }
}

export function createApplication(request: GraphRequest): GraphAnswer {
  const body = parseBody(applicationCreateBody, request.body, "Application");
  const created = request.services.store.transaction(() => {
    requireUniqueIdentifierUris(request, body.identifierUris, undefined);
    const application = newApplication(body);
    request.services.directory.put(application);
    return application;
  });
  return showEntity(request, applications, created, 201);
}

export function updateApplication(request: GraphRequest, key: EntityKey): GraphAnswer {
  request.services.store.transaction(() => {
    const existing = findEntity(request, applications, key);
    const changes = parseBody(applicationUpdateBody, request.body, "Application");
    requireUniqueIdentifierUris(request, changes.identifierUris, existing.id);
    request.services.directory.put({ ...existing, ...changes });
  });
  return { status: 204 };
}

/** Deleting an application deletes its service principal in this (its home) tenant and its secrets. */
export function deleteApplication(request: GraphRequest, key: EntityKey): GraphAnswer {
  const { directory, store } = request.services;
  store.transaction(() => {
    const existing = findEntity(request, applications, key);
    const appId = String(existing.appId);
    for (const principal of directory.findByAppId(appId, "servicePrincipal")) directory.delete(principal.id);
    tokenServices(request.services).applicationSecrets.remove(appId);
    directory.delete(existing.id);
  });
  return { status: 204 };
}

export function addPassword(request: GraphRequest, key: EntityKey): GraphAnswer {
  const body = parseBody(addPasswordBody, request.body ?? {}, "PasswordCredential");
  const { directory, store } = request.services;
  const password = newPassword(body);
  store.transaction(() => {
    const existing = findEntity(request, applications, key);
    const credentials = Array.isArray(existing.passwordCredentials) ? (existing.passwordCredentials as unknown[]) : [];
    const updated: DirectoryObject = { ...existing, passwordCredentials: [...credentials, password.stored] };
    directory.put(updated);
    tokenServices(request.services).applicationSecrets.add(
      String(existing.appId),
      String(password.stored.keyId),
      password.secretText,
      String(password.stored.endDateTime),
    );
  });
  return { status: 200, body: { "@odata.context": `${request.serviceRoot}/$metadata#microsoft.graph.passwordCredential`, ...password.credential } };
}

export function removePassword(request: GraphRequest, key: EntityKey): GraphAnswer {
  const body = parseBody(removePasswordBody, request.body, "PasswordCredential");
  const { directory, store } = request.services;
  store.transaction(() => {
    const existing = findEntity(request, applications, key);
    const credentials = Array.isArray(existing.passwordCredentials) ? (existing.passwordCredentials as Array<{ keyId?: unknown }>) : [];
    const kept = credentials.filter((c) => String(c.keyId).toLowerCase() !== body.keyId.toLowerCase());
    if (kept.length === credentials.length) throw graphErrors.badRequest(`No password credential found with keyId '${body.keyId}'.`);
    directory.put({ ...existing, passwordCredentials: kept });
    tokenServices(request.services).applicationSecrets.remove(String(existing.appId), body.keyId);
  });
  return { status: 204 };
}
