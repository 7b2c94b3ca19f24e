/**
 * Evaluates expressions and template values. A template value is JSON whose strings may be
 * "[...]" expressions; objects may carry a property-level `copy` (an array of
 * {name, count, input}) that expands into array properties.
 */
import { BudgetExceededError } from "./evaluation-budget.js";
import { badArguments, EvaluationError, unknownFunction } from "./evaluation-errors.js";
import { isExpression, parseCached, unescapeLiteral, type Expression } from "./expression.js";
import { Lambda, type Value } from "./functions/function.js";
import { builtInFunction } from "./functions/registry.js";
import { getProperty, isObject, typeName, type Json, type JsonObject } from "./json-value.js";
import { withCopy, type Scope } from "./scope.js";
import { tagExpression } from "./template-errors.js";

export const MAX_COPY_COUNT = 800;

export async function evaluateExpression(expr: Expression, scope: Scope): Promise<Value> {
  switch (expr.kind) {
    case "literal":
      return expr.value;
    case "property": {
      const target = await evaluateJson(expr.target, scope);
      if (target === null && expr.safe) return null;
      if (!isObject(target)) {
        if (expr.safe) return null;
        throw new EvaluationError(
          `The language expression property '${expr.name}' can't be evaluated, property name must be a string and the target must be an object, not '${typeName(target)}'.`,
        );
      }
      const value = getProperty(target, expr.name);
      if (value === undefined) {
        if (expr.safe) return null;
        throw new EvaluationError(
          `The language expression property '${expr.name}' doesn't exist, available properties are '${Object.keys(target).join(", ")}'.`,
        );
      }
      return value;
    }
    case "index": {
      const target = await evaluateJson(expr.target, scope);
      const index = await evaluateJson(expr.index, scope);
      if (target === null && expr.safe) return null;
      if (Array.isArray(target) && typeof index === "number") {
        if (index < 0 || index >= target.length || !Number.isInteger(index)) {
          if (expr.safe) return null;
          throw new EvaluationError(`The language expression property array index '${index}' is out of bounds.`);
        }
        return target[index]!;
      }
      if (isObject(target) && typeof index === "string") {
        const value = getProperty(target, index);
        if (value === undefined) {
          if (expr.safe) return null;
          throw new EvaluationError(`The language expression property '${index}' doesn't exist, available properties are '${Object.keys(target).join(", ")}'.`);
        }
        return value;
      }
      if (expr.safe) return null;
      throw new EvaluationError(`The language expression property '${String(index)}' can't be evaluated on a value of type '${typeName(target)}'.`);
    }
    case "call":
      return call(expr, scope);
  }
}

async function evaluateJson(expr: Expression, scope: Scope): Promise<Json> {
  const value = await evaluateExpression(expr, scope);
  if (value instanceof Lambda) throw new EvaluationError("A lambda can only be used as the argument of a function that takes one.");
  return value;
}

async function call(expr: Extract<Expression, { kind: "call" }>, scope: Scope): Promise<Value> {
  const lower = expr.name.toLowerCase();
  if (lower === "if") {
    if (expr.args.length !== 3) throw badArguments(expr.name, `the function requires 3 argument(s) while ${expr.args.length} were provided`);
    const condition = await evaluateJson(expr.args[0]!, scope);
    if (typeof condition !== "boolean") throw badArguments(expr.name, `the condition must be of type 'Boolean', not '${typeName(condition)}'`);
    return evaluateExpression(expr.args[condition ? 1 : 2]!, scope);
  }
  if (lower === "lambda") {
    const names: string[] = [];
    for (const a of expr.args.slice(0, -1)) {
      if (a.kind !== "literal" || typeof a.value !== "string") throw badArguments(expr.name, "the lambda parameter names must be string literals");
      names.push(a.value);
    }
    const body = expr.args[expr.args.length - 1];
    if (body === undefined) throw badArguments(expr.name, "a lambda needs a body");
    return new Lambda(names.length, async (values) => {
      const vars = new Map(scope.lambdaVariables);
      names.forEach((n, i) => vars.set(n, values[i] ?? null));
      return evaluateJson(body, { ...scope, lambdaVariables: vars });
    });
  }
  if (lower === "lambdavariables") {
    const nameArg = expr.args[0] === undefined ? undefined : await evaluateJson(expr.args[0], scope);
    if (typeof nameArg !== "string" || !scope.lambdaVariables.has(nameArg))
      throw new EvaluationError(`The lambda variable '${String(nameArg)}' is not defined.`);
    return scope.lambdaVariables.get(nameArg)!;
  }
  if (expr.name.includes(".")) return userFunction(expr, scope);
  const fn = builtInFunction(lower);
  if (fn === undefined) throw unknownFunction(expr.name);
  if (expr.args.length < fn.min || (fn.max !== undefined && expr.args.length > fn.max)) {
    const expected = fn.max === fn.min ? `${fn.min}` : fn.max === undefined ? `at least ${fn.min}` : `${fn.min} to ${fn.max}`;
    throw badArguments(expr.name, `the function requires ${expected} argument(s) while ${expr.args.length} were provided`);
  }
  const args: Value[] = [];
  for (const a of expr.args) args.push(await evaluateExpression(a, scope));
  const { budget } = scope.host;
  await budget.step();
  const result = await fn.run(args, scope, expr.name);
  if ((typeof result === "object" && result !== null) || (typeof result === "string" && result.length > 64)) await budget.weigh(result as Json, expr.name);
  return result;
}

async function userFunction(expr: Extract<Expression, { kind: "call" }>, scope: Scope): Promise<Json> {
  const definition = scope.host.userFunction(expr.name);
  if (definition === undefined) throw unknownFunction(expr.name);
  if (definition.parameters.length !== expr.args.length) {
    throw badArguments(expr.name, `the function requires ${definition.parameters.length} argument(s) while ${expr.args.length} were provided`);
  }
  const values: Json[] = [];
  for (const a of expr.args) values.push(await evaluateJson(a, scope));
  await scope.host.budget.step();
  // A user function sees only its own parameters (and built-ins), never the template's.
  const params = new Map(definition.parameters.map((p, i) => [p.name.toLowerCase(), values[i]!]));
  const host = {
    ...scope.host,
    parameter(name: string): Json {
      const key = name.toLowerCase();
      if (!params.has(key))
        throw new EvaluationError(`The template parameter '${name}' is not found. Please see https://aka.ms/arm-syntax-parameters for usage details.`);
      return params.get(key)!;
    },
  };
  return evaluateValue(definition.output.value, { host, copies: [], lambdaVariables: new Map() });
}

/** Evaluates one string of a template: an expression, an escaped literal, or plain text. */
export async function evaluateString(text: string, scope: Scope): Promise<Json> {
  if (!isExpression(text)) return unescapeLiteral(text);
  try {
    return await evaluateJson(parseCached(text), scope);
  } catch (error) {
    tagExpression(error, text);
    // The innermost expression that ran out of budget is the one to name.
    if (error instanceof BudgetExceededError && !error.named) {
      error.named = true;
      error.message = `The language expression '${text}' exceeds the template evaluation budget: ${error.message}.`;
    }
    throw error;
  }
}

/** Evaluates a template value recursively; `copy` arrays in objects expand into properties. */
export async function evaluateValue(value: Json, scope: Scope): Promise<Json> {
  if (typeof value === "string") return evaluateString(value, scope);
  if (Array.isArray(value)) {
    const out: Json[] = [];
    for (const item of value) out.push(await evaluateValue(item, scope));
    return out;
  }
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key.toLowerCase() === "copy" && isPropertyCopy(child)) {
      for (const loop of child as JsonObject[]) {
        const name = loop.name as string;
        Object.defineProperty(out, name, { value: await expandCopy(loop, scope), enumerable: true, writable: true, configurable: true });
      }
      continue;
    }
    // Property names may be expressions too (Bicep's userAssignedIdentities: {'${identity.id}': {}}).
    const name = isExpression(key) ? await evaluateString(key, scope) : unescapeLiteral(key);
    if (typeof name !== "string") throw new EvaluationError(`The property name expression '${key}' must evaluate to a string, not '${typeName(name)}'.`);
    Object.defineProperty(out, name, { value: await evaluateValue(child, scope), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function isPropertyCopy(value: Json): boolean {
  return Array.isArray(value) && value.length > 0 && value.every((l) => isObject(l) && typeof l.name === "string" && "count" in l && "input" in l);
}

/** The count of a copy loop, checked. */
export async function copyCount(count: Json | undefined, scope: Scope, loopName: string): Promise<number> {
  const value = count === undefined ? undefined : await evaluateValue(count, scope);
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_COPY_COUNT) {
    throw new EvaluationError(
      `The copy loop '${loopName}' has an invalid count '${JSON.stringify(value ?? null)}'. The count must be a non-negative integer no greater than ${MAX_COPY_COUNT}. Please see https://aka.ms/arm-copy for usage details.`,
    );
  }
  return value;
}

/** A {name, count, input} loop: `input` evaluated once per index, with copyIndex(name) bound. */
export async function expandCopy(loop: JsonObject, scope: Scope): Promise<Json[]> {
  const name = String(loop.name);
  const count = await copyCount(loop.count, scope, name);
  const out: Json[] = [];
  for (let i = 0; i < count; i++) out.push(await evaluateValue(loop.input ?? null, withCopy(scope, name, i)));
  return out;
}
