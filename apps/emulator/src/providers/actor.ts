/** Who is writing, for systemData (createdBy/lastModifiedBy): the calling client, as Azure records an application. */
import type { Actor } from "@azmi/arm-core";
import type { ArmContext } from "../arm/contract.js";

export function actorOf(ctx: ArmContext): Actor {
  return { id: ctx.caller.clientId, type: "Application" };
}
