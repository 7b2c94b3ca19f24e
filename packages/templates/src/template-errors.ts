/**
 * Template errors as ARM words them: which part of the template (parameter, variable,
 * resource, output), where it sits in the request body (line and column, when the body was
 * parsed with positions), and what was wrong.
 */
import { armErrors, ArmError } from "@azmi/arm-core";
import { EvaluationError } from "./evaluation-errors.js";
import { ExpressionSyntaxError } from "./expression.js";
import { OperationFailure } from "./resource-gateway.js";

export interface Location {
  readonly lineNumber: number;
  readonly linePosition: number;
  /** Path in the request body, e.g. properties.template.resources[0]. */
  readonly path: string;
}

/** Finds a template path (relative to the template root: "resources[0].name") in the request. */
export type Locator = (templatePath: string) => Location | undefined;

export const noLocator: Locator = () => undefined;

/** " at line '3' and column '5'" or nothing. */
export function at(location: Location | undefined): string {
  return location === undefined ? "" : ` at line '${location.lineNumber}' and column '${location.linePosition}'`;
}

export function invalidTemplate(message: string, location?: Location): ArmError {
  return armErrors.invalidTemplate(message, location);
}

/** The message of an evaluation failure, with the expression text for syntax errors. */
export function describeFailure(error: unknown, expression?: string): string {
  if (error instanceof ExpressionSyntaxError) return `The language expression '${expression ?? ""}' is not valid: ${error.message}.`;
  if (error instanceof EvaluationError) return error.message;
  if (error instanceof ArmError) return error.message;
  // list*() and reference() reach providers: their refusal is the reason.
  if (error instanceof OperationFailure) return `${error.error.code}: ${error.error.message}`;
  throw error;
}

/**
 * Runs `work`; an evaluation failure becomes InvalidTemplate "The template {part} '{name}' at
 * line .. is not valid: {reason}".
 */
export async function inTemplatePart<T>(part: string, name: string, location: Location | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw partFailure(part, name, location, error);
  }
}

export function partFailure(part: string, name: string, location: Location | undefined, error: unknown): ArmError {
  if (error instanceof ArmError) return error;
  const reason = describeFailure(error, currentExpression(error));
  return invalidTemplate(`The template ${part} '${name}'${at(location)} is not valid: ${reason}`, location);
}

const expressionOf = new WeakMap<object, string>();

/** Remembers which expression text an error came from (for syntax errors' messages). */
export function tagExpression(error: unknown, expression: string): void {
  if (typeof error === "object" && error !== null && !expressionOf.has(error)) expressionOf.set(error, expression);
}

export function currentExpression(error: unknown): string | undefined {
  return typeof error === "object" && error !== null ? expressionOf.get(error) : undefined;
}
