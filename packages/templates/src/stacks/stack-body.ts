/**
 * The body of PUT .../Microsoft.Resources/deploymentStacks/{name} (and of its validate action),
 * as the 2024-03-01 and newer api-versions take it: a template (inline; links are refused as for
 * deployments), its parameters, what to do with resources that leave the stack
 * (actionOnUnmanage), and the deny settings that protect what it manages.
 */
import { armErrors, parseRequestContent } from "@azmi/arm-core";
import { z } from "zod";

const caseless = <T extends string>(values: readonly [T, ...T[]], field: string) =>
  z
    .string()
    .transform((v) => values.find((x) => x.toLowerCase() === v.toLowerCase()) ?? v)
    .pipe(z.enum(values, { error: () => `The value of '${field}' must be one of ${values.map((v) => `'${v}'`).join(", ")}.` }));

export const UNMANAGE_ACTIONS = ["detach", "delete"] as const;
export type UnmanageAction = (typeof UNMANAGE_ACTIONS)[number];

export const DENY_SETTINGS_MODES = ["none", "denyDelete", "denyWriteAndDelete"] as const;
export type DenySettingsMode = (typeof DENY_SETTINGS_MODES)[number];

export const actionOnUnmanageSchema = z.object({
  resources: caseless(UNMANAGE_ACTIONS, "actionOnUnmanage.resources"),
  resourceGroups: caseless(UNMANAGE_ACTIONS, "actionOnUnmanage.resourceGroups").optional(),
  managementGroups: caseless(UNMANAGE_ACTIONS, "actionOnUnmanage.managementGroups").optional(),
  resourcesWithoutDeleteSupport: z.string().optional(),
});
export type ActionOnUnmanage = z.output<typeof actionOnUnmanageSchema>;

/** Azure takes at most five excluded principals and 200 excluded actions. */
export const denySettingsSchema = z.object({
  mode: caseless(DENY_SETTINGS_MODES, "denySettings.mode"),
  excludedPrincipals: z.array(z.string().min(1)).max(5).nullish(),
  excludedActions: z.array(z.string().min(1)).max(200).nullish(),
  applyToChildScopes: z.boolean().nullish(),
});
export type DenySettings = z.output<typeof denySettingsSchema>;

export const stackBodySchema = z.object({
  location: z.string().optional(),
  tags: z.record(z.string(), z.string()).nullish(),
  properties: z.object({
    template: z.record(z.string(), z.unknown()).optional(),
    templateLink: z.record(z.string(), z.unknown()).optional(),
    parameters: z.record(z.string(), z.unknown()).nullish(),
    parametersLink: z.record(z.string(), z.unknown()).optional(),
    actionOnUnmanage: actionOnUnmanageSchema,
    denySettings: denySettingsSchema,
    description: z.string().max(4096).nullish(),
    deploymentScope: z.string().nullish(),
    bypassStackOutOfSyncError: z.boolean().nullish(),
    validationLevel: z.string().nullish(),
    debugSetting: z.record(z.string(), z.unknown()).nullish(),
  }),
});
export type StackBody = z.output<typeof stackBodySchema>;

/** Parses a stack body; a bad one is 400 InvalidRequestContent naming the field, a link InvalidContentLink. */
export function parseStackBody(body: unknown): StackBody {
  const parsed = parseRequestContent(stackBodySchema, body ?? {});
  const link = parsed.properties.templateLink;
  if (link !== undefined) throw armErrors.invalidContentLink(String(link.uri ?? link.id ?? "templateLink"));
  if (parsed.properties.parametersLink !== undefined) throw armErrors.invalidContentLink(String(parsed.properties.parametersLink.uri ?? "parametersLink"));
  if (parsed.properties.template === undefined) throw armErrors.invalidRequestContent("Either 'template' or 'templateLink' must be specified.");
  return parsed;
}
