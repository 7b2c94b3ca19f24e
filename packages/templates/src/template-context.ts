/**
 * One template's evaluation context: its deployment target and scope objects, resolved
 * parameters, variables (evaluated on first use, cycles reported), and user-defined
 * functions. It builds the Host expressions see; reference() and list*() come from the caller
 * because what they answer depends on the phase (validate, what-if, deploy).
 */
import { EvaluationBudget, type BudgetLimits } from "./evaluation-budget.js";
import { EvaluationError } from "./evaluation-errors.js";
import { evaluateValue, expandCopy } from "./evaluator.js";
import { AZURE_CLOUD_ENVIRONMENT } from "./environment.js";
import { getProperty, isObject, type Json, type JsonObject } from "./json-value.js";
import { parametersForDisplay, type ResolvedParameter } from "./parameters.js";
import { rootScope, type DeploymentTarget, type Host, type UserFunction } from "./scope.js";
import type { ScopeDocuments } from "./resource-gateway.js";
import { partFailure, type Locator } from "./template-errors.js";

export interface RuntimeCallbacks {
  reference(target: string, apiVersion: string | undefined, full: boolean): Promise<Json>;
  list(resourceId: string, apiVersion: string, action: string, body: Json | undefined): Promise<Json>;
  resourceInfo(symbolicName: string): Json;
}

/** Callbacks for places where reference() and list*() are not allowed (variables, names, conditions). */
export const NO_RUNTIME: RuntimeCallbacks = {
  reference: () =>
    Promise.reject(
      new EvaluationError("The template function 'reference' is not expected at this location. Please see https://aka.ms/arm-functions for usage details."),
    ),
  list: (_id, _v, action) =>
    Promise.reject(
      new EvaluationError(`The template function '${action}' is not expected at this location. Please see https://aka.ms/arm-functions for usage details.`),
    ),
  resourceInfo: (name) => {
    throw new EvaluationError(`The resource '${name}' is not defined in the template.`);
  },
};

export interface ContextOptions {
  readonly deploymentName: string;
  readonly template: JsonObject;
  readonly target: DeploymentTarget;
  readonly location?: string;
  readonly mode: string;
  readonly documents: ScopeDocuments;
  readonly now: Date;
  readonly locate: Locator;
  readonly templateHash: string;
  /** Limits of the evaluation (default: DEFAULT_BUDGET). */
  readonly budgetLimits?: BudgetLimits;
  /** A budget already being spent (a nested deployment's parent's), instead of a new one. */
  readonly budget?: EvaluationBudget;
}

export class TemplateContext {
  parameters = new Map<string, ResolvedParameter>();
  private readonly variableValues = new Map<string, Json>();
  private readonly variablesInProgress = new Set<string>();
  private readonly variableDefinitions: JsonObject;
  private readonly functions = new Map<string, UserFunction>();
  /** One budget for the whole template, whatever phase (plan, what-if, run) evaluates it, and for the templates nested in it. */
  readonly budget: EvaluationBudget;

  constructor(readonly options: ContextOptions) {
    this.budget = options.budget ?? new EvaluationBudget(options.budgetLimits);
    const variables = getProperty(options.template, "variables");
    this.variableDefinitions = isObject(variables) ? variables : {};
    const functions = getProperty(options.template, "functions");
    if (Array.isArray(functions)) {
      for (const ns of functions) {
        if (!isObject(ns) || typeof ns.namespace !== "string" || !isObject(ns.members)) continue;
        for (const [member, def] of Object.entries(ns.members)) {
          if (!isObject(def) || !isObject(def.output)) continue;
          const parameters = Array.isArray(def.parameters) ? def.parameters.filter(isObject).map((p) => ({ name: String(p.name) })) : [];
          this.functions.set(`${ns.namespace}.${member}`.toLowerCase(), { parameters, output: { value: def.output.value ?? null } });
        }
      }
    }
  }

  get target(): DeploymentTarget {
    return this.options.target;
  }

  hasUserFunction(name: string): boolean {
    return this.functions.has(name.toLowerCase());
  }

  /** The variables' names in declaration order (a top-level `copy` declares array variables). */
  variableNames(): string[] {
    const names: string[] = [];
    for (const [key, value] of Object.entries(this.variableDefinitions)) {
      if (key.toLowerCase() === "copy" && Array.isArray(value)) {
        for (const loop of value) if (isObject(loop)) names.push(String(loop.name));
      } else {
        names.push(key);
      }
    }
    return names;
  }

  /** Evaluates every variable now, so validation reports their errors. */
  async evaluateAllVariables(): Promise<void> {
    const host = this.host(NO_RUNTIME);
    for (const name of this.variableNames()) await this.variable(name, host);
  }

  async variable(name: string, host: Host): Promise<Json> {
    const key = this.variableNames().find((n) => n.toLowerCase() === name.toLowerCase());
    if (key === undefined)
      throw new EvaluationError(`The template variable '${name}' is not found. Please see https://aka.ms/arm-syntax-variables for usage details.`);
    if (this.variableValues.has(key)) return this.variableValues.get(key)!;
    const location = this.options.locate(`variables.${key}`);
    if (this.variablesInProgress.has(key)) {
      throw new EvaluationError(`The template variable '${key}' has a circular reference. Please see https://aka.ms/arm-syntax-variables for usage details.`);
    }
    this.variablesInProgress.add(key);
    try {
      const loops = getProperty(this.variableDefinitions, "copy");
      const loop = Array.isArray(loops) ? loops.find((l) => isObject(l) && String(l.name).toLowerCase() === key.toLowerCase()) : undefined;
      const value = isObject(loop) ? await expandCopy(loop, rootScope(host)) : await evaluateValue(this.variableDefinitions[key]!, rootScope(host));
      this.variableValues.set(key, value);
      return value;
    } catch (error) {
      // A failure deep in a chain of variables is reported once, for the variable that failed
      // (partFailure passes an already-built ArmError through).
      throw partFailure("variable", key, location, error);
    } finally {
      this.variablesInProgress.delete(key);
    }
  }

  parameter(name: string): Json {
    for (const [key, p] of this.parameters) if (key.toLowerCase() === name.toLowerCase()) return p.value;
    throw new EvaluationError(`The template parameter '${name}' is not found. Please see https://aka.ms/arm-syntax-parameters for usage details.`);
  }

  /** deployment(): what Azure answers while the deployment runs. */
  deploymentObject(): JsonObject {
    const template = this.options.template;
    const properties: JsonObject = {
      template: {
        ...(typeof template.$schema === "string" ? { $schema: template.$schema } : {}),
        contentVersion: typeof template.contentVersion === "string" ? template.contentVersion : "1.0.0.0",
        ...(isObject(template.metadata) ? { metadata: template.metadata } : {}),
      },
      templateHash: this.options.templateHash,
      parameters: parametersForDisplay(this.parameters),
      mode: this.options.mode,
      provisioningState: "Accepted",
    };
    return {
      name: this.options.deploymentName,
      properties,
      ...(this.options.location === undefined ? {} : { location: this.options.location }),
    };
  }

  host(callbacks: RuntimeCallbacks, extra: { inParameterDefaults?: boolean; parameter?: (name: string) => Json } = {}): Host {
    const { target, documents, now } = this.options;
    const context = this;
    const host: Host = {
      target,
      now,
      budget: this.budget,
      inParameterDefaults: extra.inParameterDefaults ?? false,
      parameter: extra.parameter ?? ((name) => context.parameter(name)),
      variable: (name) => {
        if (extra.inParameterDefaults)
          return Promise.reject(
            new EvaluationError(
              "The template function 'variables' is not expected at this location. Please see https://aka.ms/arm-functions for usage details.",
            ),
          );
        return context.variable(name, host);
      },
      deployment: () => context.deploymentObject(),
      environment: () => AZURE_CLOUD_ENVIRONMENT,
      resourceGroup: () => {
        if (documents.resourceGroup === undefined) {
          throw new EvaluationError(
            "The template function 'resourceGroup' is not expected at this location. Please see https://aka.ms/arm-functions for usage details.",
          );
        }
        return documents.resourceGroup;
      },
      subscription: () => {
        if (target.subscriptionId === undefined) {
          throw new EvaluationError(
            "The template function 'subscription' is not expected at this location. Please see https://aka.ms/arm-functions for usage details.",
          );
        }
        return {
          id: `/subscriptions/${target.subscriptionId}`,
          subscriptionId: target.subscriptionId,
          tenantId: target.tenantId,
          displayName: documents.subscriptionDisplayName ?? "Azure subscription 1",
        };
      },
      tenant: () => ({ countryCode: "US", displayName: documents.tenantDisplayName ?? "azmi", id: `/tenants/${target.tenantId}`, tenantId: target.tenantId }),
      managementGroup: () => {
        if (target.managementGroupId === undefined) {
          throw new EvaluationError(
            "The template function 'managementGroup' is not expected at this location. Please see https://aka.ms/arm-functions for usage details.",
          );
        }
        return {
          id: `/providers/Microsoft.Management/managementGroups/${target.managementGroupId}`,
          name: target.managementGroupId,
          type: "Microsoft.Management/managementGroups",
          properties: { displayName: documents.managementGroupDisplayName ?? target.managementGroupId, tenantId: target.tenantId },
        };
      },
      reference: (t, v, full) => callbacks.reference(t, v, full),
      list: (id, v, action, body) => callbacks.list(id, v, action, body),
      resourceInfo: (name) => callbacks.resourceInfo(name),
      userFunction: (name) => context.functions.get(name.toLowerCase()),
    };
    return host;
  }
}
