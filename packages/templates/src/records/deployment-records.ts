/**
 * Stored deployments and their operations. A deployment record is the document Azure shows
 * (id, name, type, location, properties ...) plus what azmi keeps for itself: the template
 * as sent (exportTemplate), and the caller it runs as. Operations live in their own
 * collection under "{deployment key}/{operationId}", so listing one deployment's operations is
 * a prefix scan.
 */
import type { Store } from "@azmi/arm-core";
import type { Json, JsonObject } from "../json-value.js";

const DEPLOYMENTS = "deployments";
const OPERATIONS = "deploymentOperations";
const OPERATION_RESULTS = "deploymentOperationResults";

export type ProvisioningState = "Accepted" | "Running" | "Succeeded" | "Failed" | "Canceled";

export interface DeploymentDocument {
  readonly id: string;
  readonly name: string;
  readonly type: "Microsoft.Resources/deployments";
  readonly location?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly properties: JsonObject & { readonly provisioningState: ProvisioningState };
}

export interface DeploymentRecord {
  readonly document: DeploymentDocument;
  readonly template: Json;
  /** Id of the run that last wrote this deployment (Azure-AsyncOperation polls name it). */
  readonly runId: string;
  readonly startedAt: string;
}

export interface OperationDocument {
  readonly id: string;
  readonly operationId: string;
  readonly properties: JsonObject;
}

export const deploymentKey = (id: string) => id.toLowerCase();

export function getDeployment(store: Store, id: string): DeploymentRecord | undefined {
  return store.get<DeploymentRecord>(DEPLOYMENTS, deploymentKey(id));
}

export function putDeployment(store: Store, record: DeploymentRecord): void {
  store.put(DEPLOYMENTS, deploymentKey(record.document.id), record);
}

/** Replaces the deployment's document properties (and nothing else) with `change` applied. */
export function updateDeployment(store: Store, id: string, change: (properties: JsonObject) => JsonObject): DeploymentRecord | undefined {
  return store.transaction(() => {
    const record = getDeployment(store, id);
    if (record === undefined) return undefined;
    const properties = change({ ...record.document.properties }) as DeploymentDocument["properties"];
    const next: DeploymentRecord = { ...record, document: { ...record.document, properties } };
    putDeployment(store, next);
    return next;
  });
}

/** Deployments directly at `scopeKey` (lower-case scope id, "" for the tenant root). */
export function listDeployments(store: Store, scopeKey: string): DeploymentRecord[] {
  const prefix = `${scopeKey === "/" ? "" : scopeKey}/providers/microsoft.resources/deployments/`;
  return store
    .list<DeploymentRecord>(DEPLOYMENTS, { prefix })
    .map((item) => item.value)
    .filter((r) => !r.document.id.slice(prefix.length).includes("/"));
}

export function deleteDeployment(store: Store, id: string): boolean {
  return store.transaction(() => {
    const key = deploymentKey(id);
    for (const op of store.list(OPERATIONS, { prefix: `${key}/` })) store.delete(OPERATIONS, op.key);
    return store.delete(DEPLOYMENTS, key);
  });
}

/** Everything stored at or below a deleted scope goes with it. */
export function deleteDeploymentsBelow(store: Store, scopeKey: string): void {
  store.transaction(() => {
    for (const item of store.list<DeploymentRecord>(DEPLOYMENTS, { prefix: `${scopeKey}/` })) deleteDeployment(store, item.value.document.id);
  });
}

export function clearOperations(store: Store, deploymentId: string): void {
  store.transaction(() => {
    for (const op of store.list(OPERATIONS, { prefix: `${deploymentKey(deploymentId)}/` })) store.delete(OPERATIONS, op.key);
  });
}

export function putOperation(store: Store, deploymentId: string, operation: OperationDocument): void {
  store.put(OPERATIONS, `${deploymentKey(deploymentId)}/${operation.operationId.toLowerCase()}`, operation);
}

export function listOperations(store: Store, deploymentId: string): OperationDocument[] {
  return store.list<OperationDocument>(OPERATIONS, { prefix: `${deploymentKey(deploymentId)}/` }).map((i) => i.value);
}

export function getOperation(store: Store, deploymentId: string, operationId: string): OperationDocument | undefined {
  return store.get<OperationDocument>(OPERATIONS, `${deploymentKey(deploymentId)}/${operationId.toLowerCase()}`);
}

/** The answer a finished long-running action's Location poll gives: a what-if result, or nothing (a delete). */
export interface OperationResult {
  readonly body: JsonObject | null;
}

export function putOperationResult(store: Store, operationId: string, result: OperationResult): void {
  store.put(OPERATION_RESULTS, operationId.toLowerCase(), result);
}

export function getOperationResult(store: Store, operationId: string): OperationResult | undefined {
  return store.get<OperationResult>(OPERATION_RESULTS, operationId.toLowerCase());
}

/** Marks deployments a stopped process left Accepted or Running as Failed (DeploymentInterrupted). */
export function failInterruptedDeployments(store: Store): void {
  store.transaction(() => {
    for (const item of store.list<DeploymentRecord>(DEPLOYMENTS)) {
      const state = item.value.document.properties.provisioningState;
      if (state !== "Accepted" && state !== "Running") continue;
      updateDeployment(store, item.value.document.id, (p) => ({
        ...p,
        provisioningState: "Failed",
        error: { code: "DeploymentInterrupted", message: "azmi stopped while this deployment was running; deploy it again." },
      }));
    }
  });
}
