/**
 * What a deployment request carries (PUT, validate, whatIf), parsed leniently as ARM does
 * (az splices the template file in verbatim: comments, an unquoted key), with the positions
 * of every value kept so template errors can name their line and column.
 */
import { armErrors } from "@azmi/arm-core";
import { childPath, JsonSyntaxError, parseLenientJson, positionsOf, type Locator } from "@azmi/templates";
import { z } from "zod";

const link = z.looseObject({ uri: z.string().optional(), id: z.string().optional(), relativePath: z.string().optional() });

export const deploymentBody = z.looseObject({
  location: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  properties: z.looseObject({
    mode: z.string().refine((m) => /^(incremental|complete)$/i.test(m), { message: "mode must be 'Incremental' or 'Complete'" }),
    template: z.unknown().optional(),
    templateLink: link.optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    parametersLink: link.optional(),
    debugSetting: z.looseObject({ detailLevel: z.string().optional() }).optional(),
    onErrorDeployment: z.unknown().optional(),
    expressionEvaluationOptions: z.unknown().optional(),
    whatIfSettings: z.looseObject({ resultFormat: z.string().optional() }).optional(),
  }),
});

export type DeploymentBody = z.infer<typeof deploymentBody>;

/** The deployments handler's parseBody: lenient JSON, or InvalidRequestContent. */
export function parseDeploymentBody(text: string): unknown {
  try {
    return parseLenientJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw armErrors.invalidRequestContent(error.message);
    throw error;
  }
}

/** Locators for template paths and parameter names, relative to the request body. */
export function bodyLocators(rawBody: unknown): { template: Locator; parameters: Locator } {
  const positions = positionsOf(rawBody);
  const find = (path: string) => {
    const position = positions?.get(path);
    return position === undefined ? undefined : { ...position, path };
  };
  return {
    template: (path) => find(`properties.template.${path}`) ?? find(childPath("properties.template", path)),
    parameters: (name) => find(childPath("properties.parameters", name)),
  };
}

export function normalizeMode(mode: string): "Incremental" | "Complete" {
  return mode.toLowerCase() === "complete" ? "Complete" : "Incremental";
}
