/**
 * The management locks provider: the Microsoft.Authorization/locks type, and the lock guard the
 * ARM pipeline's lock step calls (services.locks) before any write or delete reaches a handler.
 * A deleted scope takes its locks, and those beneath it, along.
 */
import { LockStore } from "@azmi/arm-core";
import type { ResourceProvider } from "../../arm/contract.js";
import { locksHandler } from "./locks-handler.js";

export const locksProvider: ResourceProvider = {
  namespace: "Microsoft.Authorization",
  handlers: [locksHandler((ctx) => new LockStore(ctx.services.store))],
  setup(services) {
    const locks = new LockStore(services.store);
    services.locks = { check: (request) => locks.check(request) };
    services.events.on("scopeDeleted", (event) => {
      locks.removeAtOrBelow(event.scope);
    });
  },
};
