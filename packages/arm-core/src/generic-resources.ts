/**
 * Resources of types no dedicated provider serves are stored as given, wrapped in ARM's
 * envelope: id, name, type, location, tags, sku, kind, identity, plan, managedBy, zones,
 * extendedLocation, and properties with provisioningState "Succeeded". A PATCH replaces the
 * envelope fields it names and merges `properties` as a JSON merge patch (RFC 7396).
 */
import { z } from "zod";
import { armErrors } from "./errors.js";
import { normalizeLocation } from "./locations.js";
import type { TrackedResource } from "./resources.js";
import type { ResourceId } from "./resource-id.js";
import { validateTags } from "./tags.js";

const jsonObject = z.record(z.string(), z.unknown());

/** The request body of a generic PUT; unknown top-level fields are ignored, as ARM does. */
export const genericResourceBody = z.object({
  location: z.string().min(1).optional(),
  tags: z.record(z.string(), z.string()).nullish(),
  sku: jsonObject.nullish(),
  kind: z.string().nullish(),
  identity: jsonObject.nullish(),
  plan: jsonObject.nullish(),
  managedBy: z.string().nullish(),
  zones: z.array(z.string()).nullish(),
  extendedLocation: jsonObject.nullish(),
  properties: z.unknown().optional(),
});
export type GenericResourceBody = z.infer<typeof genericResourceBody>;

/** A PATCH names only what changes. */
export const genericResourcePatch = genericResourceBody.partial();
export type GenericResourcePatch = z.infer<typeof genericResourcePatch>;

export interface SystemData {
  readonly createdBy: string;
  readonly createdByType: string;
  readonly createdAt: string;
  readonly lastModifiedBy: string;
  readonly lastModifiedByType: string;
  readonly lastModifiedAt: string;
}

export interface GenericResource extends TrackedResource {
  readonly properties: Readonly<Record<string, unknown>>;
  readonly systemData: SystemData;
}

export interface Actor {
  /** Who made the change (the caller's client id). */
  readonly id: string;
  readonly type: "Application" | "User" | "ManagedIdentity" | "Key";
}

const ENVELOPE_FIELDS = ["sku", "kind", "identity", "plan", "managedBy", "zones", "extendedLocation"] as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** RFC 7396: objects merge key by key, null removes a key, anything else replaces. */
export function jsonMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    // Client-chosen keys are defined, not assigned, and read as own properties only: a key named
    // "__proto__" stays a plain property instead of replacing the object's prototype.
    else
      Object.defineProperty(out, key, {
        value: jsonMergePatch(Object.hasOwn(out, key) ? out[key] : undefined, value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return out;
}

function withProvisioningState(properties: unknown): Record<string, unknown> {
  if (properties !== undefined && properties !== null && !isPlainObject(properties)) {
    throw armErrors.invalidRequestContent("properties must be a JSON object");
  }
  return { ...(properties ?? {}), provisioningState: "Succeeded" };
}

/** systemData after a write by `actor` at `now`: the creation half is kept from before. */
export function stampSystemData(actor: Actor, now: string, previous: SystemData | undefined): SystemData {
  return {
    createdBy: previous?.createdBy ?? actor.id,
    createdByType: previous?.createdByType ?? actor.type,
    createdAt: previous?.createdAt ?? now,
    lastModifiedBy: actor.id,
    lastModifiedByType: actor.type,
    lastModifiedAt: now,
  };
}

export interface BuildOptions {
  readonly id: ResourceId;
  /** The resource as stored before this request, if it existed. */
  readonly previous: GenericResource | undefined;
  readonly actor: Actor;
  readonly now: string;
  /** Top-level resources must have a location (as every tracked resource on Azure); child resources need not. */
  readonly locationRequired: boolean;
}

/** The stored document for a PUT: the body as given, in ARM's envelope. */
export function genericResourceFromPut(body: GenericResourceBody, options: BuildOptions): GenericResource {
  const { id, previous } = options;
  if (body.location === undefined && options.locationRequired) throw armErrors.locationRequired();
  validateTags(body.tags ?? undefined);
  const doc: Record<string, unknown> = {
    // A PUT may change the casing of nothing: the id keeps the casing it was created with.
    id: previous?.id ?? id.id,
    name: previous?.name ?? id.name!,
    type: previous?.type ?? id.resourceType!,
  };
  if (body.location !== undefined) doc.location = normalizeLocation(body.location);
  if (body.tags !== undefined && body.tags !== null) doc.tags = body.tags;
  for (const field of ENVELOPE_FIELDS) {
    const value = body[field];
    if (value !== undefined && value !== null) doc[field] = value;
  }
  doc.properties = withProvisioningState(body.properties);
  doc.systemData = stampSystemData(options.actor, options.now, previous?.systemData);
  return doc as unknown as GenericResource;
}

/** The stored document after a PATCH of an existing resource. */
export function genericResourceFromPatch(
  previous: GenericResource,
  patch: GenericResourcePatch,
  options: Omit<BuildOptions, "locationRequired" | "previous">,
): GenericResource {
  validateTags(patch.tags ?? undefined);
  const doc: Record<string, unknown> = { ...previous };
  if (patch.location !== undefined) doc.location = normalizeLocation(patch.location);
  if (patch.tags !== undefined) {
    if (patch.tags === null) delete doc.tags;
    else doc.tags = patch.tags;
  }
  for (const field of ENVELOPE_FIELDS) {
    const value = patch[field];
    if (value === null) delete doc[field];
    else if (value !== undefined) doc[field] = value;
  }
  if (patch.properties !== undefined) doc.properties = withProvisioningState(jsonMergePatch(previous.properties, patch.properties));
  doc.systemData = stampSystemData(options.actor, options.now, previous.systemData);
  return doc as unknown as GenericResource;
}

/**
 * True for an extension resource (`{resource}/providers/{ns}/{type}/{name}`): its parent is a
 * resource of another provider chain. Resource lists leave extension resources out, as ARM does.
 */
export function isExtensionResource(id: ResourceId): boolean {
  const parent = id.parent;
  if (parent === undefined || parent.kind !== "resource") return false;
  return id.key.slice(parent.key.length).startsWith("/providers/");
}
