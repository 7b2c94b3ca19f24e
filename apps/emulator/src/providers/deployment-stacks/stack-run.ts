/**
 * One run of a deployment stack, in the background after the PUT is answered: its template is
 * deployed as a deployment at the stack's scope (the same engine, through the ARM pipeline as
 * the stack's caller), the resources that left the template are deleted or detached as
 * actionOnUnmanage says, and the deny settings become deny assignments on what it manages.
 * The stack's own deny assignments are lifted while it runs, so it can change what it protects.
 * Deleting a stack does the same unmanage step for everything it manages.
 */
import { randomUUID } from "node:crypto";
import { parseResourceId, type ArmErrorBody, type ResourceId } from "@azmi/arm-core";
import { kindOf } from "@azmi/identity";
import {
  deepestFirst,
  getDeployment,
  isoDuration,
  managedResourceEntry,
  stackChange,
  stackDenyAssignments,
  unmanageActionFor,
  updateStack,
  type ActionOnUnmanage,
  type DenySettings,
  type JsonObject,
  type StackBody,
} from "@azmi/templates";
import type { Caller } from "../../contract/caller.js";
import type { Services } from "../../services.js";
import { STACK_DEPLOYMENT_API_VERSION } from "./api-versions.js";

export interface StackRun {
  readonly services: Services;
  readonly stackId: string;
  readonly scope: ResourceId;
  readonly body: StackBody;
  readonly caller: Caller;
  readonly baseUrl: string;
  readonly correlationId: string;
}

const FALLBACK_API_VERSION = "2023-01-01";

function apiVersionFor(services: Services, id: string): string {
  const parsed = parseResourceId(id);
  if (parsed.kind === "resourceGroup") return "2021-04-01";
  const supported = parsed.resourceType === undefined ? undefined : services.apiVersions.supported(parsed.resourceType);
  return supported?.find((v) => !v.includes("preview")) ?? supported?.[0] ?? FALLBACK_API_VERSION;
}

function errorOf(body: unknown, status: number): ArmErrorBody {
  return (body as { error?: ArmErrorBody } | undefined)?.error ?? { code: String(status), message: `The request failed with status ${status}.` };
}

/** The ids a stack manages, from its stored document. */
export function managedIds(properties: JsonObject): string[] {
  const resources = Array.isArray(properties.resources) ? properties.resources : [];
  return resources.flatMap((r) => (typeof r === "object" && r !== null && !Array.isArray(r) && typeof r.id === "string" ? [r.id] : []));
}

export function liftDenyAssignments(services: Services, stackId: string): void {
  services.store.transaction(() => {
    for (const deny of services.rbac.denyAssignments.madeBy(stackId)) services.rbac.denyAssignments.delete(deny);
  });
}

function placeDenyAssignments(services: Services, stackId: string, settings: DenySettings, managed: readonly string[]): void {
  const principalType = (id: string) => {
    const object = services.directory.get(id);
    const kind = object === undefined ? undefined : kindOf(object).toLowerCase();
    return kind === "serviceprincipal" ? "ServicePrincipal" : kind === "group" ? "Group" : "User";
  };
  services.store.transaction(() => {
    for (const deny of stackDenyAssignments({ stackId, settings, managed, principalType })) services.rbac.denyAssignments.put(deny);
  });
}

export interface UnmanageOutcome {
  readonly deleted: string[];
  readonly detached: string[];
  readonly failed: Array<{ id: string; error: ArmErrorBody }>;
}

/** Deletes or detaches each resource leaving the stack, deepest first, as the stack's caller. */
export async function unmanage(run: Omit<StackRun, "body" | "scope">, ids: readonly string[], action: ActionOnUnmanage): Promise<UnmanageOutcome> {
  const outcome: UnmanageOutcome = { deleted: [], detached: [], failed: [] };
  for (const id of deepestFirst(ids)) {
    if (unmanageActionFor(id, action) === "detach") {
      outcome.detached.push(id);
      continue;
    }
    const answer = await run.services.arm.call({
      method: "DELETE",
      path: id,
      apiVersion: apiVersionFor(run.services, id),
      baseUrl: run.baseUrl,
      caller: run.caller,
      correlationId: run.correlationId,
    });
    if (answer.status >= 400 && answer.status !== 404) outcome.failed.push({ id, error: errorOf(answer.body, answer.status) });
    else outcome.deleted.push(id);
  }
  return outcome;
}

/** The stack's deployment: deploys the template, answers the resources it made and its outputs, or its error. */
async function deploy(
  run: StackRun,
  name: string,
): Promise<{ deploymentId: string; resources: string[]; outputs: JsonObject } | { deploymentId: string; error: ArmErrorBody }> {
  const { services, scope, body } = run;
  const deploymentId = `${scope.id}/providers/Microsoft.Resources/deployments/${name}`;
  const answer = await services.arm.call({
    method: "PUT",
    path: deploymentId,
    apiVersion: STACK_DEPLOYMENT_API_VERSION,
    body: {
      ...(body.location === undefined || scope.kind === "resourceGroup" ? {} : { location: body.location }),
      properties: { mode: "Incremental", template: body.properties.template, parameters: body.properties.parameters ?? {} },
    },
    baseUrl: run.baseUrl,
    caller: run.caller,
    correlationId: run.correlationId,
  });
  if (answer.status >= 400) return { deploymentId, error: errorOf(answer.body, answer.status) };
  await services.deploymentRuns.waitFor(deploymentId);
  const properties = getDeployment(services.store, deploymentId)?.document.properties;
  if (properties?.provisioningState !== "Succeeded") {
    return {
      deploymentId,
      error: (properties?.error as ArmErrorBody | undefined) ?? { code: "DeploymentFailed", message: "The stack's deployment did not succeed." },
    };
  }
  const resources = (Array.isArray(properties.outputResources) ? properties.outputResources : []).flatMap((r) =>
    typeof r === "object" && r !== null && !Array.isArray(r) && typeof r.id === "string" ? [r.id] : [],
  );
  return { deploymentId, resources, outputs: (properties.outputs as JsonObject | undefined) ?? {} };
}

/** A deployment name under Azure's 64 characters, unique per run. */
function deploymentNameFor(stackId: string): string {
  return `${parseResourceId(stackId).name!.slice(0, 40)}-${randomUUID().slice(0, 8)}`;
}

export async function runStack(run: StackRun): Promise<void> {
  const { services, stackId, body } = run;
  const started = Date.now();
  const stored = updateStack(services.store, stackId, (p) => ({ ...p, provisioningState: "deploying" }));
  const before = stored === undefined ? [] : managedIds(stored.document.properties);
  liftDenyAssignments(services, stackId);
  const deployment = await deploy(run, deploymentNameFor(stackId));
  const settings = body.properties.denySettings;
  const finish = (change: (p: JsonObject) => JsonObject) =>
    updateStack(services.store, stackId, (p) => ({ ...change(p), duration: isoDuration(Date.now() - started) }));
  if ("error" in deployment) {
    // What the stack managed stays protected as it was.
    placeDenyAssignments(services, stackId, settings, before);
    finish((p) => ({ ...p, provisioningState: "failed", deploymentId: deployment.deploymentId, error: deployment.error as unknown as JsonObject }));
    return;
  }
  const change = stackChange(before, deployment.resources);
  updateStack(services.store, stackId, (p) => ({ ...p, provisioningState: "deletingResources" }));
  const outcome = await unmanage(run, change.unmanaged, body.properties.actionOnUnmanage);
  updateStack(services.store, stackId, (p) => ({ ...p, provisioningState: "updatingDenyAssignments" }));
  placeDenyAssignments(services, stackId, settings, change.managed);
  finish((p) => {
    const { error: _previous, ...rest } = p;
    return {
      ...rest,
      provisioningState: outcome.failed.length === 0 ? "succeeded" : "failed",
      deploymentId: deployment.deploymentId,
      outputs: deployment.outputs,
      resources: change.managed.map((id) => managedResourceEntry(id, settings.mode)),
      deletedResources: outcome.deleted.map((id) => ({ id })),
      detachedResources: outcome.detached.map((id) => ({ id })),
      failedResources: outcome.failed.map((f) => ({ id: f.id, error: f.error as unknown as JsonObject })),
      ...(outcome.failed.length === 0
        ? {}
        : {
            error: {
              code: "DeploymentStackDeleteResourcesFailed",
              message: `One or more resources could not be deleted: ${outcome.failed.map((f) => `'${f.id}' (${f.error.code})`).join(", ")}.`,
            },
          }),
    };
  });
}
