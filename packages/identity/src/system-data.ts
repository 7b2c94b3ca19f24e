/** systemData as ARM stamps it: who created and who last modified a resource, and when. */
import type { Actor, SystemData } from "@azmi/arm-core";

/** systemData of a resource written for the first time (federated credentials share it). */
export function createdData(now: Date, actor: Actor): SystemData {
  const at = now.toISOString();
  return { createdBy: actor.id, createdByType: actor.type, createdAt: at, lastModifiedBy: actor.id, lastModifiedByType: actor.type, lastModifiedAt: at };
}

export function modifiedData(previous: SystemData, now: Date, actor: Actor): SystemData {
  return { ...previous, lastModifiedBy: actor.id, lastModifiedByType: actor.type, lastModifiedAt: now.toISOString() };
}
