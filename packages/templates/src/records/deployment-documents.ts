/**
 * The documents Azure shows for a deployment: the deployment itself (providers, dependencies,
 * parameters, outputs ...), its operations, and the durations and timestamps they carry.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { DeploymentPlan, PlannedResource } from "../deployment-plan.js";
import type { OperationRecord } from "../deployment-run.js";
import type { JsonObject } from "../json-value.js";
import { parametersForDisplay } from "../parameters.js";
import type { DeploymentDocument, OperationDocument } from "./deployment-records.js";

/** ISO 8601 duration as ARM writes it: PT1.2345678S. */
export function isoDuration(milliseconds: number): string {
  return `PT${(Math.max(0, milliseconds) / 1000).toFixed(7).replace(/\.?0+$/, "") || "0"}S`;
}

/** 16 upper-case hex digits, like ARM's operation ids. */
export function operationId(): string {
  return randomBytes(8).toString("hex").toUpperCase();
}

/** An id like ARM's run ids (08584...): used in Azure-AsyncOperation URLs. */
export function runId(): string {
  return `0858${String(Date.now()).padStart(15, "0")}${String(Math.floor(Math.random() * 1e5)).padStart(5, "0")}`;
}

const deployed = (plan: DeploymentPlan) => plan.resources.filter((r) => r.condition && !r.existing);

export function providersOf(plan: DeploymentPlan): JsonObject[] {
  const byNamespace = new Map<string, Map<string, Set<string>>>();
  for (const r of deployed(plan)) {
    const [namespace, ...rest] = r.type.split("/");
    const types = byNamespace.get(namespace!) ?? new Map<string, Set<string>>();
    byNamespace.set(namespace!, types);
    const locations = types.get(rest.join("/")) ?? new Set<string>();
    types.set(rest.join("/"), locations);
    const location = r.definition.location;
    if (typeof location === "string" && !location.startsWith("[")) locations.add(location.toLowerCase().replace(/\s+/g, ""));
  }
  return [...byNamespace].map(([namespace, types]) => ({
    namespace,
    resourceTypes: [...types].map(([resourceType, locations]) => ({ resourceType, locations: [...locations] })),
  }));
}

const describe = (r: PlannedResource) => ({ id: r.id, resourceType: r.type, resourceName: r.name });

export function dependenciesOf(plan: DeploymentPlan): JsonObject[] {
  const byKey = new Map(plan.resources.map((r) => [r.key, r]));
  return deployed(plan)
    .filter((r) => r.dependsOn.length > 0)
    .map((r) => ({
      dependsOn: r.dependsOn
        .map((k) => byKey.get(k))
        .filter((d): d is PlannedResource => d !== undefined && d.condition)
        .map(describe),
      ...describe(r),
    }));
}

export interface NewDeployment {
  readonly id: string;
  readonly name: string;
  readonly location: string | undefined;
  readonly tags: Readonly<Record<string, string>> | undefined;
  readonly plan: DeploymentPlan;
  readonly correlationId: string;
  readonly extraProperties: JsonObject;
}

export function acceptedDocument(deployment: NewDeployment, now: Date): DeploymentDocument {
  const { plan } = deployment;
  return {
    id: deployment.id,
    name: deployment.name,
    type: "Microsoft.Resources/deployments",
    ...(deployment.location === undefined ? {} : { location: deployment.location }),
    ...(deployment.tags === undefined ? {} : { tags: deployment.tags }),
    properties: {
      templateHash: plan.templateHash,
      parameters: parametersForDisplay(plan.parameters),
      mode: plan.mode,
      ...deployment.extraProperties,
      provisioningState: "Accepted",
      timestamp: now.toISOString(),
      duration: "PT0S",
      correlationId: deployment.correlationId,
      providers: providersOf(plan),
      dependencies: dependenciesOf(plan),
    },
  };
}

export function operationDocument(deploymentId: string, record: OperationRecord): OperationDocument {
  const id = operationId();
  const target = record.resource;
  const properties: JsonObject = {
    provisioningOperation: record.provisioningOperation,
    provisioningState: record.provisioningState,
    timestamp: record.endTime.toISOString(),
    duration: isoDuration(record.endTime.getTime() - record.startTime.getTime()),
    trackingId: randomUUID(),
    serviceRequestId: randomUUID(),
    statusCode: record.statusCode,
    ...(record.error === undefined ? {} : { statusMessage: { status: "Failed", error: record.error as unknown as JsonObject } }),
    targetResource: {
      id: target.id,
      resourceType: target.type,
      resourceName: target.name,
      ...(target.apiVersion === "" ? {} : { apiVersion: target.apiVersion }),
    },
  };
  return { id: `${deploymentId}/operations/${id}`, operationId: id, properties };
}

/** The last operation of a successful deployment, as Azure records it. */
export function outputsOperation(deploymentId: string, at: Date): OperationDocument {
  const id = operationId();
  return {
    id: `${deploymentId}/operations/${id}`,
    operationId: id,
    properties: {
      provisioningOperation: "EvaluateDeploymentOutput",
      provisioningState: "Succeeded",
      timestamp: at.toISOString(),
      duration: "PT0S",
      trackingId: randomUUID(),
      statusCode: "OK",
      statusMessage: null,
    },
  };
}
