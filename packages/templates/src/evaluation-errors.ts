/**
 * Failures inside the expression language. They carry ARM's message for the expression part;
 * the template layer (template-errors.ts) adds which resource, variable or output failed and
 * where it sits in the request, and turns them into ArmErrors.
 */
export class EvaluationError extends Error {}

/**
 * A value that only exists once the deployment runs (reference() of a resource not deployed yet).
 * what-if keeps such properties as their unevaluated expression, as Azure's what-if does.
 */
export class DeferredValueError extends EvaluationError {}

export const FUNCTIONS_HELP = "Please see https://aka.ms/arm-functions for usage details.";

export function unknownFunction(name: string): EvaluationError {
  return new EvaluationError(`The template function '${name}' is not valid. ${FUNCTIONS_HELP}`);
}

export function badArguments(name: string, detail: string): EvaluationError {
  return new EvaluationError(`Unable to evaluate template language function '${name}': ${detail}. ${FUNCTIONS_HELP}`);
}
