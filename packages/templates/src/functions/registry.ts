/** Every built-in template function, by lower-case name. */
import { collectionFunctions } from "./collections.js";
import { dateFunctions } from "./dates.js";
import type { FunctionTable, TemplateFunction } from "./function.js";
import { logicFunctions } from "./logic.js";
import { listFunction, resourceFunctions } from "./resources.js";
import { stringFunctions } from "./strings.js";

const builtIns: FunctionTable = { ...stringFunctions, ...collectionFunctions, ...logicFunctions, ...dateFunctions, ...resourceFunctions };

/** Names the evaluator handles itself (lazy arguments, lambdas). */
export const SPECIAL_FUNCTIONS: ReadonlySet<string> = new Set(["if", "lambda", "lambdavariables"]);

export function builtInFunction(lowerName: string): TemplateFunction | undefined {
  if (Object.hasOwn(builtIns, lowerName)) return builtIns[lowerName];
  if (lowerName.startsWith("list") && lowerName.length > 4) return listFunction();
  return undefined;
}

export function isKnownFunction(lowerName: string): boolean {
  return SPECIAL_FUNCTIONS.has(lowerName) || builtInFunction(lowerName) !== undefined;
}
