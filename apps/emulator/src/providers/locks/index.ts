/**
 * The management locks provider: the Microsoft.Authorization/locks type. The lock rule itself
 * (services.locks, @azmi/arm-core) is asked by the ARM pipeline's lock step before any write or
 * delete reaches a handler; a deleted scope takes its locks along (reactions.ts).
 */
import type { ResourceProvider } from "../../arm/contract.js";
import { locksHandler } from "./locks-handler.js";

export const locksProvider: ResourceProvider = {
  namespace: "Microsoft.Authorization",
  handlers: [locksHandler],
};
