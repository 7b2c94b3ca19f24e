/**
 * Deployments in flight. A PUT answers 201 (Accepted) at once and the work goes on in the
 * background; this registry lets a parent deployment wait for a nested one, `cancel` reach a
 * running one, and a second PUT see that the first is still active. In memory on purpose: a
 * run does not survive a restart (the record then stays as it was last written).
 */
import type { Services } from "../../services.js";
import { deploymentKey } from "./deployment-records.js";

export interface ActiveRun {
  readonly runId: string;
  cancelRequested: boolean;
  done: Promise<void>;
}

const runsByServices = new WeakMap<Services, Map<string, ActiveRun>>();

function runs(services: Services): Map<string, ActiveRun> {
  let map = runsByServices.get(services);
  if (map === undefined) {
    map = new Map();
    runsByServices.set(services, map);
  }
  return map;
}

/** Starts `work` on the next turn of the event loop (after the PUT has been answered). */
export function startRun(services: Services, deploymentId: string, runId: string, work: (run: ActiveRun) => Promise<void>): ActiveRun {
  const key = deploymentKey(deploymentId);
  const run: ActiveRun = { runId, cancelRequested: false, done: Promise.resolve() };
  run.done = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => work(run))
    .catch((error: unknown) => console.error(`azmi: deployment ${deploymentId} stopped unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`))
    .finally(() => {
      if (runs(services).get(key) === run) runs(services).delete(key);
    });
  runs(services).set(key, run);
  return run;
}

export function activeRun(services: Services, deploymentId: string): ActiveRun | undefined {
  return runs(services).get(deploymentKey(deploymentId));
}

export async function waitForRun(services: Services, deploymentId: string): Promise<void> {
  await activeRun(services, deploymentId)?.done;
}
