/**
 * /applications: registrations for `az ad sp create-for-rbac`, `az ad app create` and tests.
 * addPassword answers the secret once and registers its hash with the login endpoint, so
 * client-credentials sign-ins with it work (and are required in strict mode). The rules are
 * @azmi/identity's; this module addresses, parses and renders. addKey and removeKey roll an
 * application's certificates with a proof of possession of one it already has.
 */
import {
  addApplicationKey,
  addApplicationPassword,
  addKeyBody,
  addPasswordBody,
  applicationCreateBody,
  applicationSchema,
  applicationUpdateBody,
  insertApplication,
  newPassword,
  parseDirectoryBody,
  patchApplication,
  removeApplication,
  removeApplicationKey,
  removeApplicationPassword,
  removeKeyBody,
  removePasswordBody,
} from "@azmi/identity";
import { findEntity, showEntity, type EntitySet } from "./entity-sets.js";
import type { EntityKey, GraphAnswer, GraphRequest } from "./request.js";

export const applications: EntitySet = {
  name: "applications",
  kind: "application",
  schema: applicationSchema,
  alternateKeys: ["appId"],
};

/** The creator (a service principal or a user the directory knows) becomes the application's first owner, as on Azure. */
export function createApplication(request: GraphRequest): GraphAnswer {
  const body = parseDirectoryBody(applicationCreateBody, request.body, "Application");
  const { directory, store } = request.services;
  const creator = request.caller.objectId;
  const created = store.transaction(() => {
    const application = insertApplication(directory, body);
    if (creator !== undefined && directory.get(creator) !== undefined) directory.owners.add(application.id, creator);
    return application;
  });
  return showEntity(request, applications, created, 201);
}

export function updateApplication(request: GraphRequest, key: EntityKey): GraphAnswer {
  request.services.store.transaction(() => {
    const existing = findEntity(request, applications, key);
    const changes = parseDirectoryBody(applicationUpdateBody, request.body, "Application");
    patchApplication(request.services.directory, existing, changes);
  });
  return { status: 204 };
}

export function deleteApplication(request: GraphRequest, key: EntityKey): GraphAnswer {
  const { directory, store } = request.services;
  store.transaction(() => removeApplication(directory, request.services.tokens.applicationSecrets, findEntity(request, applications, key)));
  return { status: 204 };
}

export function addPassword(request: GraphRequest, key: EntityKey): GraphAnswer {
  const body = parseDirectoryBody(addPasswordBody, request.body ?? {}, "PasswordCredential");
  const { directory, store } = request.services;
  const password = newPassword(body);
  store.transaction(() => {
    const existing = findEntity(request, applications, key);
    addApplicationPassword(directory, request.services.tokens.applicationSecrets, existing, password);
  });
  return { status: 200, body: { "@odata.context": `${request.serviceRoot}/$metadata#microsoft.graph.passwordCredential`, ...password.credential } };
}

export function removePassword(request: GraphRequest, key: EntityKey): GraphAnswer {
  const body = parseDirectoryBody(removePasswordBody, request.body, "PasswordCredential");
  const { directory, store } = request.services;
  store.transaction(() => {
    const existing = findEntity(request, applications, key);
    removeApplicationPassword(directory, request.services.tokens.applicationSecrets, existing, body.keyId);
  });
  return { status: 204 };
}

export function addKey(request: GraphRequest, key: EntityKey): GraphAnswer {
  const body = parseDirectoryBody(addKeyBody, request.body, "KeyCredential");
  const { directory, store } = request.services;
  const added = store.transaction(() => addApplicationKey(directory, findEntity(request, applications, key), body, new Date()));
  return { status: 200, body: { "@odata.context": `${request.serviceRoot}/$metadata#microsoft.graph.keyCredential`, ...added } };
}

export function removeKey(request: GraphRequest, key: EntityKey): GraphAnswer {
  const body = parseDirectoryBody(removeKeyBody, request.body, "KeyCredential");
  const { directory, store } = request.services;
  store.transaction(() => removeApplicationKey(directory, findEntity(request, applications, key), body, new Date()));
  return { status: 204 };
}
