/**
 * Microsoft.Authorization/locks at any scope: `{scope}/providers/Microsoft.Authorization/locks/{name}`
 * for subscriptions, resource groups, resources and child resources (the CLI's `NS//type/name`
 * resource form arrives with its slashes already collapsed). The rules live in @azmi/arm-core
 * locks.ts; this file parses, calls the LockStore, and shapes the answer per api-version.
 */
import { armErrors, LOCK_API_VERSIONS, LOCK_RESOURCE_TYPE, parseLockBody, validateLockName, type ManagementLock, type ResourceId } from "@azmi/arm-core";
import type { ArmContext, ResourceTypeHandler } from "../../arm/contract.js";
import { actorOf } from "../actor.js";
import { requireLockScope } from "./lock-scope.js";

/** 2015-01-01 predates lock owners; systemData came with 2020-05-01. */
function render(ctx: ArmContext, lock: ManagementLock): ManagementLock {
  const { systemData, ...rest } = lock;
  const shown: ManagementLock = systemData !== undefined && ctx.apiVersion >= "2020-05-01" ? lock : rest;
  if (ctx.apiVersion !== "2015-01-01" || lock.properties.owners === undefined) return shown;
  const { owners: _owners, ...properties } = lock.properties;
  return { ...shown, properties };
}

function scopeOf(id: ResourceId): ResourceId {
  if (id.parent === undefined) throw armErrors.invalidResourceId(id.id);
  return id.parent;
}

/** `$filter=atScope()` (any casing) narrows a list to the locks at and above the scope; nothing else is understood. */
function atScopeOnly(ctx: ArmContext): boolean {
  const filter = ctx.query.get("$filter");
  if (filter === null || filter.trim() === "") return false;
  if (/^\s*atscope\(\s*\)\s*$/i.test(filter)) return true;
  throw armErrors.invalidFilterInQueryString(filter);
}

const locks = (ctx: ArmContext) => ctx.services.locks;

export const locksHandler: ResourceTypeHandler = {
  resourceType: LOCK_RESOURCE_TYPE,
  apiVersions: LOCK_API_VERSIONS,
  get(ctx, id) {
    const lock = locks(ctx).get(id);
    if (lock === undefined) throw armErrors.lockNotFound(id.name ?? "");
    return { status: 200, body: render(ctx, lock) };
  },
  put(ctx, id) {
    validateLockName(id.name ?? "");
    const properties = parseLockBody(ctx.body);
    requireLockScope(ctx, scopeOf(id));
    const { lock, created } = locks(ctx).put(id, properties, { actor: actorOf(ctx), now: new Date() });
    return { status: created ? 201 : 200, body: render(ctx, lock) };
  },
  delete(ctx, id) {
    return { status: locks(ctx).delete(id) ? 200 : 204 };
  },
  list(ctx, scope) {
    const only = atScopeOnly(ctx);
    requireLockScope(ctx, scope);
    return {
      status: 200,
      body: {
        value: locks(ctx)
          .listFor(scope, { atScopeOnly: only })
          .map((l) => render(ctx, l)),
      },
    };
  },
};
