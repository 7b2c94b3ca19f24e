/**
 * /directoryObjects: any object by id, and getByIds, which the CLI uses to resolve object ids
 * and to name principals in `az role assignment list`. Objects keep their @odata.type here.
 */
import { entityResponse, graphErrors } from "@azmi/graph-odata";
import { directoryObjectSchema, kindOf, parseDirectoryBody, type DirectoryObject } from "@azmi/identity";
import { z } from "zod";
import { visibleToRead } from "./entity-sets.js";
import type { EntityKey, GraphAnswer, GraphRequest } from "./request.js";

const MAX_IDS = 1000;

const getByIdsBody = z.strictObject({ ids: z.array(z.string()), types: z.array(z.string()).optional() });

/** The types getByIds accepts (case-insensitive), as Graph names them. */
const knownTypes = new Set(
  [
    "directoryObject",
    "user",
    "group",
    "servicePrincipal",
    "application",
    "device",
    "orgContact",
    "directoryRole",
    "administrativeUnit",
    "directoryObjectPartnerReference",
    "contract",
  ].map((t) => t.toLowerCase()),
);

export function showDirectoryObject(request: GraphRequest, key: EntityKey): GraphAnswer {
  if (key.property.toLowerCase() !== "id") throw graphErrors.badRequest(`The key property '${key.property}' is not a key of 'directoryObjects'.`);
  const found = request.services.directory.get(key.value);
  if (found === undefined || !visibleToRead(request)(found)) throw graphErrors.resourceNotFound(key.value);
  const body = entityResponse(found as Record<string, unknown>, {
    params: request.query,
    schema: directoryObjectSchema,
    serviceRoot: request.serviceRoot,
    entitySet: "directoryObjects",
  });
  return { status: 200, body };
}

export function getByIds(request: GraphRequest): GraphAnswer {
  const body = parseDirectoryBody(getByIdsBody, request.body, "DirectoryObject");
  if (body.ids.length > MAX_IDS) {
    throw graphErrors.badRequest(`The number of ids in the request (${body.ids.length}) exceeds the maximum of ${MAX_IDS}.`);
  }
  const types = body.types?.map((t) => t.toLowerCase());
  for (const type of types ?? []) {
    if (!knownTypes.has(type)) throw graphErrors.badRequest(`Invalid value specified for property 'types' of resource 'DirectoryObject': '${type}'.`);
  }
  const wanted = types === undefined || types.length === 0 || types.includes("directoryobject") ? undefined : new Set(types);
  const seen = new Set<string>();
  const visible = visibleToRead(request);
  const value: DirectoryObject[] = [];
  for (const id of body.ids) {
    const found = request.services.directory.get(id);
    if (found === undefined || seen.has(found.id) || !visible(found)) continue;
    if (wanted !== undefined && !wanted.has(kindOf(found).toLowerCase())) continue;
    seen.add(found.id);
    value.push(found);
  }
  return { status: 200, body: { "@odata.context": `${request.serviceRoot}/$metadata#directoryObjects`, value } };
}
