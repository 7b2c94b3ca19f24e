/**
 * The scopes a deployment stack can sit on, one row each. A row says whether the stack (and the
 * deployment it runs) needs a location; the scope's existence is checked as a deployment's is.
 */
import { armErrors, type ResourceId } from "@azmi/arm-core";
import type { ArmContext } from "../../arm/contract.js";
import { deploymentScopeAt } from "../deployments/deployment-scope.js";

interface StackScopeRow {
  /** Subscription (and management group) stacks carry a location; resource group stacks do not. */
  readonly needsLocation: boolean;
}

const STACK_SCOPES: Partial<Record<ResourceId["kind"], StackScopeRow>> = {
  resourceGroup: { needsLocation: false },
  subscription: { needsLocation: true },
  managementGroup: { needsLocation: true },
};

export interface StackScope {
  readonly scope: ResourceId;
  readonly needsLocation: boolean;
}

/** The scope `scope` as a stack's, checked to be one stacks sit on and to exist. */
export function stackScopeAt(ctx: ArmContext, scope: ResourceId): StackScope {
  const row = STACK_SCOPES[scope.kind];
  if (row === undefined) throw armErrors.invalidDeploymentScope(scope.id);
  deploymentScopeAt(ctx, scope);
  return { scope, needsLocation: row.needsLocation };
}
