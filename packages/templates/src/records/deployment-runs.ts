/**
 * Deployments in flight. A PUT answers 201 (Accepted) at once and the work goes on in the
 * background; this registry lets a parent deployment wait for a nested one, `cancel` reach a
 * running one, and a second PUT see that the first is still active. In memory on purpose: a
 * run does not survive a restart (the record then stays as it was last written).
 */
import { deploymentKey } from "./deployment-records.js";

export interface ActiveRun {
  readonly runId: string;
  cancelRequested: boolean;
  done: Promise<void>;
}

export class DeploymentRuns {
  private readonly runs = new Map<string, ActiveRun>();

  /** Starts `work` on the next turn of the event loop (after the PUT has been answered). */
  start(deploymentId: string, runId: string, work: (run: ActiveRun) => Promise<void>): ActiveRun {
    const key = deploymentKey(deploymentId);
    const run: ActiveRun = { runId, cancelRequested: false, done: Promise.resolve() };
    run.done = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => work(run))
      .catch((error: unknown) =>
        console.error(`azmi: deployment ${deploymentId} stopped unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
      )
      .finally(() => {
        if (this.runs.get(key) === run) this.runs.delete(key);
      });
    this.runs.set(key, run);
    return run;
  }

  active(deploymentId: string): ActiveRun | undefined {
    return this.runs.get(deploymentKey(deploymentId));
  }

  async waitFor(deploymentId: string): Promise<void> {
    await this.active(deploymentId)?.done;
  }
}
