/**
 * Management locks (Microsoft.Authorization/locks): the lock model, where locks are kept, and
 * the rule "may this request proceed, given the locks at, above (and for a delete, below) the
 * scope it acts on". No HTTP here: the emulator's lock step hands in a plain LockRequest.
 *
 * The rule, as Azure applies it (control plane only):
 *
 * | request                                   | CanNotDelete | ReadOnly | lock looked up      |
 * |-------------------------------------------|--------------|----------|---------------------|
 * | GET, HEAD                                 | allowed      | allowed  | —                   |
 * | PUT, PATCH                                | allowed      | refused  | at and above        |
 * | POST (any action: listKeys, regenerate…,  | allowed      | refused  | at and above        |
 * |   config/appsettings/list, publishxml,    |              |          |                     |
 * |   restart, provider register …)           |              |          |                     |
 * | DELETE                                    | refused      | refused  | at, above and below |
 * | anything on Microsoft.Authorization/locks | allowed      | allowed  | —                   |
 *
 * - A POST is a write on Azure even when it only reads (listKeys on a storage account, list of
 *   app settings): ARM cannot tell, so a ReadOnly lock refuses it. That is Azure's documented
 *   behaviour ("a read-only lock on a storage account prevents listing the keys").
 * - Deleting a scope deletes everything beneath it, so a lock anywhere beneath refuses it: a
 *   CanNotDelete lock on one resource stops its resource group's delete.
 * - Role assignments get no exemption: creating one is a PUT (refused under ReadOnly), deleting
 *   one is a DELETE (refused under either level, as users report on Azure), while creating one
 *   under CanNotDelete is allowed.
 * - Only lock operations are exempt, so a lock can always be removed.
 */
import { z } from "zod";
import { armErrors, ArmError } from "./errors.js";
import { parseRequestContent } from "./request-content.js";
import { parseResourceId, scopeChain, type ResourceId } from "./resource-id.js";
import type { Store } from "./store/store.js";
import type { Actor, SystemData } from "./generic-resources.js";

export const LOCK_RESOURCE_TYPE = "Microsoft.Authorization/locks";
export const LOCK_API_VERSIONS = ["2015-01-01", "2016-09-01", "2020-05-01"] as const;

export const LOCK_LEVELS = ["CanNotDelete", "ReadOnly"] as const;

/** Level as Azure accepts it: any casing in, canonical casing out. */
export const LockLevelSchema = z
  .string()
  .transform((v) => LOCK_LEVELS.find((l) => l.toLowerCase() === v.toLowerCase()) ?? v)
  .pipe(z.enum(LOCK_LEVELS, { error: () => "The lock level must be 'CanNotDelete' or 'ReadOnly'." }));
export type LockLevel = (typeof LOCK_LEVELS)[number];

export const LockOwnerSchema = z.object({ applicationId: z.string().optional() });
export type LockOwner = z.infer<typeof LockOwnerSchema>;

export const LOCK_NOTES_MAX = 512;

export const LockPropertiesSchema = z.object({
  level: LockLevelSchema,
  notes: z
    .string()
    .max(LOCK_NOTES_MAX, { error: () => `The lock notes can be at most ${LOCK_NOTES_MAX} characters long.` })
    .nullish(),
  owners: z.array(LockOwnerSchema).nullish(),
});
export type LockProperties = z.infer<typeof LockPropertiesSchema>;

/** The body of a lock PUT. Other top-level fields (id, name, type) are ignored, as ARM does. */
export const LockRequestBodySchema = z.object({ properties: LockPropertiesSchema });

/** A stored lock: exactly the ARM object. */
export interface ManagementLock {
  readonly id: string;
  readonly name: string;
  readonly type: typeof LOCK_RESOURCE_TYPE;
  readonly properties: {
    readonly level: LockLevel;
    readonly notes?: string;
    readonly owners?: readonly LockOwner[];
  };
  /** Who wrote it and when; the 2020-05-01 schema shows it. Absent on locks stored before azmi recorded it. */
  readonly systemData?: SystemData;
}

export const LOCK_NAME_MAX = 260;
// Azure's rule: at most 260 characters, none of < > * % & : \ ? / + or control characters,
// not ending in a space or a period. A period inside the name is fine.
const FORBIDDEN_IN_NAME = /[<>*%&:\\?/+\u0000-\u001f\u007f]/;

/** Throws 400 InvalidResourceName when `name` breaks Azure's lock name rule. */
export function validateLockName(name: string): void {
  const rule = `The lock name can be a maximum of ${LOCK_NAME_MAX} characters. It cannot contain <, >, *, %, &, :, \\, ?, /, + or any control characters, and cannot end with a space or a period.`;
  if (name.length === 0 || name.length > LOCK_NAME_MAX || FORBIDDEN_IN_NAME.test(name) || /[ .]$/.test(name)) {
    throw armErrors.invalidResourceName(name, LOCK_RESOURCE_TYPE, rule);
  }
}

/** Parses a lock PUT body; a bad body is 400 InvalidRequestContent naming the field. */
export function parseLockBody(body: unknown): LockProperties {
  return parseRequestContent(LockRequestBodySchema, body).properties;
}

/** The ARM object for a lock at `scope` with these properties. */
export function makeLock(lockId: ResourceId, properties: LockProperties): ManagementLock {
  const props: { level: LockLevel; notes?: string; owners?: LockOwner[] } = { level: properties.level };
  if (properties.notes !== undefined && properties.notes !== null) props.notes = properties.notes;
  if (properties.owners !== undefined && properties.owners !== null) props.owners = properties.owners.map((o) => ({ ...o }));
  return { id: lockId.id, name: lockId.name!, type: LOCK_RESOURCE_TYPE, properties: props };
}

function lockSystemData(previous: SystemData | undefined, actor: Actor, at: string): SystemData {
  const modified = { lastModifiedBy: actor.id, lastModifiedByType: actor.type, lastModifiedAt: at };
  if (previous !== undefined) return { ...previous, ...modified };
  return { createdBy: actor.id, createdByType: actor.type, createdAt: at, ...modified };
}

/** The scope a lock sits on, in the casing it was created with. */
export function lockScope(lock: ManagementLock): string {
  const scope = parseResourceId(lock.id).parent!;
  return scope.id;
}

export function isLockType(resourceType: string | undefined): boolean {
  return resourceType !== undefined && resourceType.toLowerCase() === LOCK_RESOURCE_TYPE.toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// The rule

/** What the lock rule needs to know about a request. */
export interface LockRequest {
  /** HTTP method, any casing. */
  readonly method: string;
  /** The instance acted on: the resource itself, or the instance a POST action is sent to. */
  readonly target: ResourceId;
  /** Full type the request addresses (Microsoft.Authorization/locks requests are never blocked). */
  readonly resourceType: string;
  /** The POST action segment, if any. */
  readonly action?: string | undefined;
}

/** How a lock sees a request: not at all, as a write, or as a delete. */
export type LockOperation = "none" | "write" | "delete";

export function lockOperation(request: Pick<LockRequest, "method" | "resourceType">): LockOperation {
  if (isLockType(request.resourceType)) return "none";
  switch (request.method.toUpperCase()) {
    case "PUT":
    case "PATCH":
    case "POST":
      return "write";
    case "DELETE":
      return "delete";
    default:
      return "none";
  }
}

/**
 * How a lock sees an RBAC operation name (what a request needs, e.g. Microsoft.Web/sites/write):
 * reads pass, deletes are deletes, writes and other actions are writes. Lock operations
 * themselves are never blocked.
 */
export function lockOperationOfAction(action: string): LockOperation {
  const lower = action.toLowerCase();
  if (lower.startsWith("microsoft.authorization/locks/")) return "none";
  if (lower.endsWith("/read")) return "none";
  if (lower.endsWith("/delete")) return "delete";
  return "write";
}

/** Which levels refuse which operation. */
export function levelRefuses(level: LockLevel, operation: LockOperation): boolean {
  if (operation === "none") return false;
  if (operation === "delete") return true;
  return level === "ReadOnly";
}

export type LockDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly operation: "write" | "delete"; readonly blocking: readonly ManagementLock[] };

/**
 * The rule itself, on locks already looked up: `atOrAbove` are the locks on the target's scope
 * chain, `below` the locks strictly beneath the target (they matter only to a delete).
 */
export function decideLocks(
  request: Pick<LockRequest, "method" | "resourceType">,
  locks: { readonly atOrAbove: readonly ManagementLock[]; readonly below: readonly ManagementLock[] },
): LockDecision {
  return decideLockOperation(lockOperation(request), locks);
}

/** The same rule for an operation already classified. */
export function decideLockOperation(
  operation: LockOperation,
  locks: { readonly atOrAbove: readonly ManagementLock[]; readonly below: readonly ManagementLock[] },
): LockDecision {
  if (operation === "none") return { allowed: true };
  const candidates = operation === "delete" ? [...locks.atOrAbove, ...locks.below] : locks.atOrAbove;
  const blocking = candidates.filter((l) => levelRefuses(l.properties.level, operation));
  return blocking.length === 0 ? { allowed: true } : { allowed: false, operation, blocking };
}

/** The ScopeLocked error for a refusal: the target scope and the distinct scopes of the blocking locks. */
export function scopeLockedError(target: ResourceId, decision: Extract<LockDecision, { allowed: false }>): ArmError {
  const scopes = [...new Set(decision.blocking.map(lockScope))];
  return armErrors.scopeLocked(target.id, decision.operation, scopes);
}

// ---------------------------------------------------------------------------------------------
// Where locks live

const COLLECTION = "locks";
const SCOPE_INDEX = "scope";

/**
 * Locks stored under their own id key and indexed by the key of the scope they sit on, so
 * "locks at and above a scope" is one index lookup per ancestor, and "at and below" one key
 * range (a lock's id starts with its scope's id): never a scan of every lock.
 */
export class LockStore {
  constructor(private readonly store: Store) {}

  get(lockId: ResourceId): ManagementLock | undefined {
    return this.store.get<ManagementLock>(COLLECTION, lockId.key);
  }

  /** Creates or replaces; true when the lock is new. */
  put(lockId: ResourceId, properties: LockProperties, writer?: { actor: Actor; now: Date }): { lock: ManagementLock; created: boolean } {
    validateLockName(lockId.name ?? "");
    const scope = lockId.parent;
    if (scope === undefined || !isLockType(lockId.resourceType)) throw new Error(`not a lock id: ${lockId.id}`);
    return this.store.transaction(() => {
      const existing = this.get(lockId);
      // An update keeps the id (and so the casing) the lock was created with.
      const made = makeLock(existing === undefined ? lockId : parseResourceId(existing.id), properties);
      const lock = writer === undefined ? made : { ...made, systemData: lockSystemData(existing?.systemData, writer.actor, writer.now.toISOString()) };
      this.store.put(COLLECTION, lockId.key, lock, { [SCOPE_INDEX]: scope.key });
      return { lock, created: existing === undefined };
    });
  }

  delete(lockId: ResourceId): boolean {
    return this.store.delete(COLLECTION, lockId.key);
  }

  /** Locks sitting exactly on `scope`. */
  at(scope: ResourceId): ManagementLock[] {
    return this.store.findByIndex<ManagementLock>(COLLECTION, SCOPE_INDEX, scope.key).map((i) => i.value);
  }

  /** Locks on `scope` and on every scope enclosing it, nearest first. */
  atOrAbove(scope: ResourceId): ManagementLock[] {
    return scopeChain(scope).flatMap((s) => this.at(s));
  }

  /** Locks on `scope` and on anything beneath it, in id order. */
  atOrBelow(scope: ResourceId): ManagementLock[] {
    return this.store.list<ManagementLock>(COLLECTION, { prefix: scope.key === "/" ? "/" : `${scope.key}/` }).map((i) => i.value);
  }

  /** Locks strictly beneath `scope`. */
  below(scope: ResourceId): ManagementLock[] {
    const own = new Set(this.at(scope).map((l) => l.id.toLowerCase()));
    return this.atOrBelow(scope).filter((l) => !own.has(l.id.toLowerCase()));
  }

  /**
   * What a list at `scope` answers: without a filter, the locks at, above and below it (the
   * subscription list holds every lock in the subscription); with atScope(), at and above.
   */
  listFor(scope: ResourceId, options: { atScopeOnly?: boolean } = {}): ManagementLock[] {
    const above = this.atOrAbove(scope).slice().reverse();
    if (options.atScopeOnly === true) return above;
    const seen = new Set(above.map((l) => l.id.toLowerCase()));
    return [...above, ...this.atOrBelow(scope).filter((l) => !seen.has(l.id.toLowerCase()))];
  }

  decide(request: LockRequest): LockDecision {
    return this.decideOperation(request.target, lockOperation(request));
  }

  /** The rule for an operation already classified (a request's, or an RBAC action's: lockOperationOfAction). */
  decideOperation(target: ResourceId, operation: LockOperation): LockDecision {
    if (operation === "none") return { allowed: true };
    return decideLockOperation(operation, { atOrAbove: this.atOrAbove(target), below: operation === "delete" ? this.below(target) : [] });
  }

  /** Throws 409 ScopeLocked when a lock refuses the request. */
  check(request: LockRequest): void {
    const decision = this.decide(request);
    if (!decision.allowed) throw scopeLockedError(request.target, decision);
  }

  /** A scope is gone: its locks, and the locks of everything beneath it, go with it. */
  removeAtOrBelow(scope: ResourceId): number {
    return this.store.transaction(() => {
      const keys = this.store.list(COLLECTION, { prefix: scope.key === "/" ? "/" : `${scope.key}/` }).map((i) => i.key);
      for (const key of keys) this.store.delete(COLLECTION, key);
      return keys.length;
    });
  }
}
