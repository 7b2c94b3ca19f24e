/**
 * Stored deployment stacks: the document Azure shows (id, name, type, location, tags,
 * systemData, properties) and what azmi keeps beside it: the template as sent (exportTemplate)
 * and the run that last wrote it (its Azure-AsyncOperation polls name it). Indexed by the scope
 * they sit on, so a scope's stacks are one look-up.
 */
import type { Store } from "@azmi/arm-core";
import type { JsonObject } from "../json-value.js";

const STACKS = "deploymentStacks";

export const DEPLOYMENT_STACK_TYPE = "Microsoft.Resources/deploymentStacks";

/** Azure's stack states are camel-cased, unlike a deployment's. */
export type StackProvisioningState =
  | "creating"
  | "validating"
  | "waiting"
  | "deploying"
  | "canceling"
  | "updatingDenyAssignments"
  | "deletingResources"
  | "succeeded"
  | "failed"
  | "canceled"
  | "deleting";

export const FINISHED_STACK_STATES: readonly StackProvisioningState[] = ["succeeded", "failed", "canceled"];

export interface StackDocument {
  readonly id: string;
  readonly name: string;
  readonly type: typeof DEPLOYMENT_STACK_TYPE;
  readonly location?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly systemData?: JsonObject;
  readonly properties: JsonObject & { readonly provisioningState: StackProvisioningState };
}

export interface StackRecord {
  readonly document: StackDocument;
  readonly template: JsonObject;
  readonly runId: string;
  /** The scope's key, for listing. */
  readonly scopeKey: string;
}

const key = (id: string) => id.toLowerCase();

export function getStack(store: Store, id: string): StackRecord | undefined {
  return store.get<StackRecord>(STACKS, key(id));
}

export function putStack(store: Store, record: StackRecord): void {
  store.put(STACKS, key(record.document.id), record, { scope: record.scopeKey });
}

/** Applies `change` to the stored document's properties; undefined when the stack is gone. */
export function updateStack(store: Store, id: string, change: (properties: StackDocument["properties"]) => JsonObject): StackRecord | undefined {
  return store.transaction(() => {
    const record = getStack(store, id);
    if (record === undefined) return undefined;
    const properties = change(record.document.properties) as StackDocument["properties"];
    const next: StackRecord = { ...record, document: { ...record.document, properties } };
    putStack(store, next);
    return next;
  });
}

export function listStacks(store: Store, scopeKey: string): StackRecord[] {
  return store.findByIndex<StackRecord>(STACKS, "scope", scopeKey).map((i) => i.value);
}

export function deleteStack(store: Store, id: string): boolean {
  return store.delete(STACKS, key(id));
}

/** A scope is gone: the stacks sitting on it go too (their resources went with the scope). */
export function deleteStacksAt(store: Store, scopeKey: string): number {
  const doomed = listStacks(store, scopeKey);
  for (const r of doomed) deleteStack(store, r.document.id);
  return doomed.length;
}
