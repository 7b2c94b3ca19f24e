/** The scope an extension resource (`{scope}/providers/Microsoft.Authorization/{type}/{name}`) sits on. */
import { armErrors, type ResourceId } from "@azmi/arm-core";
import type { ArmContext } from "../../arm/contract.js";

export function scopeOf(id: ResourceId): ResourceId {
  if (id.parent === undefined) throw armErrors.invalidResourceId(id.id);
  return id.parent;
}

/** The scope, or SubscriptionNotFound / ResourceGroupNotFound / ResourceNotFound. */
export function requireScope(ctx: ArmContext, scope: ResourceId): ResourceId {
  return ctx.services.rbac.requireScope(scope);
}
