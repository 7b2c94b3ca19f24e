/**
 * The one door every `identity` block of a generic resource goes through: @azmi/identity
 * validates it, mints or keeps the system-assigned principal (and its service principal),
 * fills user-assigned entries, and refuses unknown types or identities with Azure's codes.
 *
 * Contract for callers (the generic provider):
 * - PUT calls it always, `requested` being the body's `identity` (undefined or null when the
 *   PUT has none: a PUT replaces the resource, so the identity goes);
 * - PATCH calls it only when the patch names `identity`;
 * - `previous` is the stored block before the request (undefined for a new resource);
 * - it runs inside the request's store transaction, before the resource is written, and may
 *   throw an ArmError to refuse the request (nothing is then stored);
 * - it answers the block to store, or undefined for no identity.
 */
import type { ResourceId } from "@azmi/arm-core";
import type { ArmContext } from "../arm/contract.js";

export type IdentityBlock = Readonly<Record<string, unknown>>;

export function completeIdentity(
  ctx: ArmContext,
  id: ResourceId,
  requested: IdentityBlock | null | undefined,
  previous: IdentityBlock | undefined,
): IdentityBlock | undefined {
  // A PUT without `identity` replaces the resource without one: for the identity package that is "None".
  const block = ctx.services.identities.applyResourceIdentity(id, requested ?? null, previous);
  return block === undefined ? undefined : { ...block };
}
