/**
 * The `owners` of applications and service principals: list, add (`POST .../owners/$ref` with
 * an `@odata.id` naming a directory object) and remove (`DELETE .../owners/{id}/$ref`). Who may
 * change owners is decided before these run (graph-operations.ts); the list lives in @azmi/identity.
 */
import { graphErrors } from "@azmi/graph-odata";
import { parseDirectoryBody, refuseFirstPartyChange } from "@azmi/identity";
import { z } from "zod";
import { findEntity, type EntitySet } from "./entity-sets.js";
import type { EntityKey, GraphAnswer, GraphHandler, GraphRequest } from "./request.js";

const referenceBody = z.strictObject({ "@odata.id": z.string() });

/** The object id an `@odata.id` names: its last path segment, or the key in `directoryObjects('…')`. */
export function referencedId(odataId: string): string {
  const match = /([0-9a-fA-F-]{36})'?\)?\/?$/.exec(odataId.trim());
  if (match === null) throw graphErrors.badRequest(`Invalid object identifier '${odataId}'.`);
  return match[1]!;
}

export function listOwners(set: EntitySet): GraphHandler {
  return (request: GraphRequest, key: EntityKey): GraphAnswer => {
    const { directory } = request.services;
    const object = findEntity(request, set, key);
    const value = directory.owners.ownersOf(object.id).flatMap((id) => directory.get(id) ?? []);
    return { status: 200, body: { "@odata.context": `${request.serviceRoot}/$metadata#directoryObjects`, value } };
  };
}

export function addOwner(set: EntitySet): GraphHandler {
  return (request: GraphRequest, key: EntityKey): GraphAnswer => {
    const { directory, store } = request.services;
    const body = parseDirectoryBody(referenceBody, request.body, "DirectoryObject");
    store.transaction(() => {
      const object = findEntity(request, set, key);
      refuseFirstPartyChange(object);
      const owner = directory.get(referencedId(body["@odata.id"]));
      if (owner === undefined) throw graphErrors.resourceNotFound(referencedId(body["@odata.id"]));
      if (!directory.owners.add(object.id, owner.id)) {
        throw graphErrors.badRequest("One or more added object references already exist for the following modified properties: 'owners'.");
      }
    });
    return { status: 204 };
  };
}

export function removeOwner(set: EntitySet): GraphHandler {
  return (request: GraphRequest, key: EntityKey, ownerKey: EntityKey | undefined): GraphAnswer => {
    const { directory, store } = request.services;
    store.transaction(() => {
      const object = findEntity(request, set, key);
      refuseFirstPartyChange(object);
      const ownerId = ownerKey?.value ?? "";
      if (!directory.owners.remove(object.id, ownerId)) throw graphErrors.resourceNotFound(ownerId);
    });
    return { status: 204 };
  };
}
