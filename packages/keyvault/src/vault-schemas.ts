/**
 * What clients send for a vault (PUT, PATCH, accessPolicies/{kind}, checkNameAvailability).
 * Fields the model does not interpret (networkAcls rules, permissions) are kept as sent.
 * null and absent mean the same: the SDKs send null for unset fields.
 */
import { z } from "zod";

const permissionList = z.array(z.string()).nullish();

export const accessPolicyInput = z.object({
  tenantId: z.string(),
  objectId: z.string(),
  applicationId: z.string().nullish(),
  permissions: z
    .object({
      keys: permissionList,
      secrets: permissionList,
      certificates: permissionList,
      storage: permissionList,
    })
    .nullish(),
});
export type AccessPolicyInput = z.infer<typeof accessPolicyInput>;

export const networkRuleSetInput = z.object({
  bypass: z.string().nullish(),
  defaultAction: z.string().nullish(),
  ipRules: z.array(z.object({ value: z.string() })).nullish(),
  virtualNetworkRules: z.array(z.object({ id: z.string(), ignoreMissingVnetServiceEndpoint: z.boolean().nullish() })).nullish(),
});
export type NetworkRuleSetInput = z.infer<typeof networkRuleSetInput>;

export const skuInput = z.object({ family: z.string().nullish(), name: z.string() });

/** Properties a PUT and a PATCH may carry; which are required is the model's rule, not the schema's. */
export const vaultPropertiesInput = z.object({
  tenantId: z.string().nullish(),
  sku: skuInput.nullish(),
  accessPolicies: z.array(accessPolicyInput).nullish(),
  enabledForDeployment: z.boolean().nullish(),
  enabledForDiskEncryption: z.boolean().nullish(),
  enabledForTemplateDeployment: z.boolean().nullish(),
  enableSoftDelete: z.boolean().nullish(),
  softDeleteRetentionInDays: z.number().int().nullish(),
  enableRbacAuthorization: z.boolean().nullish(),
  enablePurgeProtection: z.boolean().nullish(),
  createMode: z.string().nullish(),
  networkAcls: networkRuleSetInput.nullish(),
  publicNetworkAccess: z.string().nullish(),
});
export type VaultPropertiesInput = z.infer<typeof vaultPropertiesInput>;

const tags = z.record(z.string(), z.string()).nullish();

export const vaultPutBody = z.object({
  location: z.string().nullish(),
  tags,
  properties: vaultPropertiesInput.nullish(),
  identity: z.unknown().optional(),
});
export type VaultPutBody = z.infer<typeof vaultPutBody>;

export const vaultPatchBody = z.object({
  tags,
  properties: vaultPropertiesInput.nullish(),
  identity: z.unknown().optional(),
});
export type VaultPatchBody = z.infer<typeof vaultPatchBody>;

export const accessPolicyUpdateBody = z.object({
  properties: z.object({ accessPolicies: z.array(accessPolicyInput) }),
});

export const checkNameAvailabilityBody = z.object({ name: z.string(), type: z.string() });
