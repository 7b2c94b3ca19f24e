/**
 * What every directory entity set (servicePrincipals, applications, users, groups) answers
 * the same way: the list with the whole OData engine, /$count, one entity by id or alternate
 * key. The directory's indexes answer the exact-match filters clients send most, and
 * `startswith(displayName,…)` from its ordered displayName index.
 */
import { countCollection, entityResponse, graphErrors, queryCollection, type CollectionRequest, type EntitySchema, type ObjectSource } from "@azmi/graph-odata";
import { kindOf, type Directory, type DirectoryObject } from "@azmi/identity";
import type { EntityKey, GraphAnswer, GraphRequest } from "./request.js";

export interface EntitySet {
  /** The entity set's name in paths and in @odata.context, e.g. servicePrincipals. */
  readonly name: string;
  /** The directory kind it holds, e.g. servicePrincipal. */
  readonly kind: string;
  readonly schema: EntitySchema;
  /** Alternate keys usable as `name(key='value')`, e.g. appId. */
  readonly alternateKeys: readonly string[];
}

function isKind(object: DirectoryObject | undefined, kind: string): object is DirectoryObject {
  return object !== undefined && kindOf(object).toLowerCase() === kind.toLowerCase();
}

/** Which objects a read sees: with --replication-delay, not the ones still replicating (unless it asks for eventual consistency). */
export function visibleToRead(request: GraphRequest): (object: DirectoryObject) => boolean {
  const { replication } = request.services.directory;
  return (object) => replication.isVisibleToRead(object.id, request.consistencyLevel);
}

/** The directory's objects of one kind, with its id, appId, servicePrincipalNames and displayName indexes. */
export function directorySource(directory: Directory, kind: string, visible: (object: DirectoryObject) => boolean = () => true): ObjectSource {
  const ofKind = (o: DirectoryObject) => isKind(o, kind) && visible(o);
  // Without a delay every object is visible: the unfiltered answers keep the store's cached arrays.
  const visibleOnly = (objects: DirectoryObject[]) => (directory.replication.enabled ? objects.filter(visible) : objects);
  return {
    // The kind's objects in key order, from the kind index (the store keeps large answers until the next write).
    all: () => visibleOnly(directory.list({ kind })),
    lookup(property, value) {
      switch (property) {
        case "id": {
          const found = directory.get(value);
          return found !== undefined && ofKind(found) ? [found] : [];
        }
        case "appId":
          return visibleOnly(directory.findByAppId(value, kind));
        case "servicePrincipalNames":
          return directory.findByServicePrincipalName(value).filter(ofKind);
        case "displayName":
          return directory.findByDisplayName(value).filter(ofKind);
        default:
          return undefined;
      }
    },
    lookupPrefix(property, prefix) {
      return property === "displayName" ? directory.findByDisplayNamePrefix(prefix).filter(ofKind) : undefined;
    },
  };
}

/** A typed set's answers carry no @odata.type: the type is the set's (directoryObjects keep it). */
export function withoutType(object: unknown): unknown {
  if (object === null || typeof object !== "object") return object;
  const { "@odata.type": _type, ...rest } = object as Record<string, unknown>;
  return rest;
}

export function findEntity(request: GraphRequest, set: EntitySet, key: EntityKey): DirectoryObject {
  const directory = request.services.directory;
  const property = key.property.toLowerCase() === "id" ? "id" : set.alternateKeys.find((k) => k.toLowerCase() === key.property.toLowerCase());
  if (property === undefined) {
    throw graphErrors.badRequest(`The key property '${key.property}' is not a key or alternate key of '${set.name}'.`);
  }
  const found =
    property === "id"
      ? directory.get(key.value)
      : property === "appId"
        ? directory.findByAppId(key.value, set.kind)[0]
        : directory.list({ kind: set.kind }).find((o) => String(o[property] ?? "").toLowerCase() === key.value.toLowerCase());
  if (!isKind(found, set.kind)) throw graphErrors.resourceNotFound(key.value);
  return found;
}

/** The list and /$count of a set take the same query, over the same directory source. */
function collectionRequest(request: GraphRequest, set: EntitySet): CollectionRequest {
  return {
    items: directorySource(request.services.directory, set.kind, visibleToRead(request)),
    params: request.query,
    consistencyLevel: request.consistencyLevel,
    schema: set.schema,
    serviceRoot: request.serviceRoot,
    entitySet: set.name,
    path: request.path,
  };
}

export function listEntities(request: GraphRequest, set: EntitySet): GraphAnswer {
  const body = queryCollection(collectionRequest(request, set));
  return { status: 200, body: { ...body, value: body.value.map(withoutType) } };
}

export function countEntities(request: GraphRequest, set: EntitySet): GraphAnswer {
  return { status: 200, text: String(countCollection(collectionRequest(request, set))) };
}

export function showEntity(request: GraphRequest, set: EntitySet, object: DirectoryObject, status = 200): GraphAnswer {
  const body = entityResponse(withoutType(object) as Record<string, unknown>, {
    params: request.query,
    schema: set.schema,
    serviceRoot: request.serviceRoot,
    entitySet: set.name,
  });
  return { status, body };
}
