/**
 * The ARM pipeline: every Resource Manager request runs these steps, in this order. Each
 * step is a small function in ./steps/; a step that throws ends the request, and the error
 * is rendered once, by render.ts. Read the table top to bottom to know what happens.
 */
import type { ArmExchange, ArmStep } from "./exchange.js";
import type { Rendered } from "../http/answer.js";
import { renderError, renderResult } from "./render.js";
import { assignRequestIds } from "./steps/request-ids.js";
import { checkApiVersion, requireApiVersion } from "./steps/api-version.js";
import { findRoute } from "./steps/route.js";
import { readJsonBody } from "./steps/body.js";
import { identifyCaller } from "./steps/caller.js";
import { throttle } from "./steps/throttle.js";
import { authorize } from "./steps/authorize.js";
import { checkDenyAssignments } from "./steps/deny-assignments.js";
import { checkLocks } from "./steps/locks.js";
import { requireResourceGroup } from "./steps/resource-group.js";
import { callHandler } from "./steps/handle.js";

/** Where a request enters: the network (the listener's hot path), Koa (createApp, embedding), or azmi itself (template deployments). */
export type ArmDoor = "network" | "koa" | "in-process";

const EVERY_DOOR: readonly ArmDoor[] = ["network", "koa", "in-process"];
/** An in-process request comes with its caller already known (the deployment's). */
const FROM_OUTSIDE: readonly ArmDoor[] = ["network", "koa"];

export interface ArmStepRow {
  readonly name: string;
  readonly run: ArmStep;
  /** The doors whose requests run this step. */
  readonly doors: readonly ArmDoor[];
}

export const armSteps: readonly ArmStepRow[] = [
  { name: "request ids and correlation headers", run: assignRequestIds, doors: EVERY_DOOR },
  { name: "api-version present", run: requireApiVersion, doors: EVERY_DOOR },
  { name: "route to a resource type handler", run: findRoute, doors: EVERY_DOOR },
  { name: "api-version supported by that type", run: checkApiVersion, doors: EVERY_DOOR },
  { name: "JSON body (4 MB max)", run: readJsonBody, doors: EVERY_DOOR },
  { name: "caller identity from the bearer token", run: identifyCaller, doors: FROM_OUTSIDE },
  // Azure throttles per principal: after the caller is known, before anything else is looked up.
  { name: "throttling (--throttle: token buckets)", run: throttle, doors: FROM_OUTSIDE },
  // Azure looks at deny assignments before role assignments, and they hold in permissive mode too.
  { name: "deny assignments (every mode)", run: checkDenyAssignments, doors: EVERY_DOOR },
  { name: "authorization (strict mode: RBAC)", run: authorize, doors: EVERY_DOOR },
  { name: "resource group exists", run: requireResourceGroup, doors: EVERY_DOOR },
  { name: "management locks", run: checkLocks, doors: EVERY_DOOR },
  { name: "resource provider handler", run: callHandler, doors: EVERY_DOOR },
];

const stepsByDoor = new Map<ArmDoor, readonly ArmStep[]>(EVERY_DOOR.map((door) => [door, armSteps.filter((s) => s.doors.includes(door)).map((s) => s.run)]));

/** Runs the steps of `door` on the exchange; never throws: an error is rendered (render.ts). */
export async function runArmPipeline(exchange: ArmExchange, door: ArmDoor): Promise<Rendered> {
  let rendered: Rendered;
  try {
    for (const step of stepsByDoor.get(door)!) {
      // Most steps are synchronous: awaiting only the promises spares a microtask hop per step.
      const pending = step(exchange);
      if (pending !== undefined) await pending;
    }
    rendered = renderResult(exchange.result!);
  } catch (error) {
    rendered = renderError(error);
  }
  // The exchange's headers are this request's own: the answer's join them, and win.
  return { status: rendered.status, headers: Object.assign(exchange.responseHeaders, rendered.headers), body: rendered.body };
}
