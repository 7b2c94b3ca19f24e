/**
 * What an expression can see while it is evaluated: the template-wide host (parameters,
 * variables, deployment and scope objects, reference()/list*() callbacks supplied by the
 * caller) plus the loop indexes and lambda variables of where it sits.
 */
import type { EvaluationBudget } from "./evaluation-budget.js";
import type { Json } from "./json-value.js";

/** Where a deployment runs. Absent fields are absent scopes (no resource group at subscription scope ...). */
export interface DeploymentTarget {
  readonly tenantId: string;
  readonly managementGroupId?: string;
  readonly subscriptionId?: string;
  readonly resourceGroup?: string;
}

export interface UserFunction {
  readonly parameters: ReadonlyArray<{ readonly name: string }>;
  readonly output: { readonly value: Json };
}

export interface Host {
  readonly target: DeploymentTarget;
  parameter(name: string): Json;
  variable(name: string): Promise<Json>;
  deployment(): Json;
  environment(): Json;
  resourceGroup(): Json;
  subscription(): Json;
  tenant(): Json;
  managementGroup(): Json;
  /** reference(): `target` is a resource id, a template resource name, or a symbolic name. */
  reference(target: string, apiVersion: string | undefined, full: boolean): Promise<Json>;
  /** resourceInfo(symbolicName): {id, name, type, apiVersion}. */
  resourceInfo(symbolicName: string): Json;
  /** list*(): POST {resourceId}/{action}. */
  list(resourceId: string, apiVersion: string, action: string, body: Json | undefined): Promise<Json>;
  userFunction(name: string): UserFunction | undefined;
  /** utcNow() and newGuid() are only allowed in parameter default values. */
  readonly inParameterDefaults: boolean;
  readonly now: Date;
  /** The template's one budget, shared by every expression of it (evaluation-budget.ts). */
  readonly budget: EvaluationBudget;
}

export interface Scope {
  readonly host: Host;
  /** Enclosing copy loops, innermost last. */
  readonly copies: ReadonlyArray<{ readonly name: string; readonly index: number }>;
  readonly lambdaVariables: ReadonlyMap<string, Json>;
}

export function rootScope(host: Host): Scope {
  return { host, copies: [], lambdaVariables: new Map() };
}

export function withCopy(scope: Scope, name: string, index: number): Scope {
  return { ...scope, copies: [...scope.copies, { name, index }] };
}
