/**
 * The request bodies Microsoft.Web accepts, as the CLI, azurerm and the SDKs send them. Only
 * the fields azmi acts on are typed; everything else is kept as sent (loose objects), because
 * Azure stores and echoes the many site and plan settings it does not validate.
 */
import { z } from "zod";

const tags = z.record(z.string(), z.string()).nullish();

export const planSkuSchema = z.looseObject({
  name: z.string().min(1),
  tier: z.string().nullish(),
  size: z.string().nullish(),
  family: z.string().nullish(),
  capacity: z.number().int().nullish(),
});

export const planPropertiesSchema = z.looseObject({
  reserved: z.boolean().nullish(),
  perSiteScaling: z.boolean().nullish(),
  isXenon: z.boolean().nullish(),
  hyperV: z.boolean().nullish(),
  zoneRedundant: z.boolean().nullish(),
  elasticScaleEnabled: z.boolean().nullish(),
  maximumElasticWorkerCount: z.number().int().nullish(),
  targetWorkerCount: z.number().int().nullish(),
  targetWorkerSizeId: z.number().int().nullish(),
});

export const planPutBodySchema = z.looseObject({
  location: z.string().nullish(),
  kind: z.string().nullish(),
  tags,
  sku: planSkuSchema.nullish(),
  properties: planPropertiesSchema.nullish(),
});
export type PlanPutBody = z.output<typeof planPutBodySchema>;

export const planPatchBodySchema = z.looseObject({
  kind: z.string().nullish(),
  tags,
  sku: planSkuSchema.nullish(),
  properties: planPropertiesSchema.nullish(),
});
export type PlanPatchBody = z.output<typeof planPatchBodySchema>;

const nameValuePair = z.looseObject({ name: z.string(), value: z.string().nullish() });
const connectionStringInfo = z.looseObject({
  name: z.string(),
  connectionString: z.string().nullish(),
  type: z.string().nullish(),
});

/** SiteConfig: app settings and connection strings sent inline move to their own config documents. */
export const siteConfigSchema = z.looseObject({
  appSettings: z.array(nameValuePair).nullish(),
  connectionStrings: z.array(connectionStringInfo).nullish(),
  linuxFxVersion: z.string().nullish(),
  windowsFxVersion: z.string().nullish(),
});
export type SiteConfigBody = z.output<typeof siteConfigSchema>;

export const sitePropertiesSchema = z.looseObject({
  serverFarmId: z.string().nullish(),
  siteConfig: siteConfigSchema.nullish(),
  enabled: z.boolean().nullish(),
  httpsOnly: z.boolean().nullish(),
  clientAffinityEnabled: z.boolean().nullish(),
  clientCertEnabled: z.boolean().nullish(),
  clientCertMode: z.string().nullish(),
  reserved: z.boolean().nullish(),
  isXenon: z.boolean().nullish(),
  hyperV: z.boolean().nullish(),
});

export const sitePutBodySchema = z.looseObject({
  location: z.string().nullish(),
  kind: z.string().nullish(),
  tags,
  /** Validated and completed by the identity rules, not here. */
  identity: z.unknown().optional(),
  properties: sitePropertiesSchema.nullish(),
});
export type SitePutBody = z.output<typeof sitePutBodySchema>;

export const sitePatchBodySchema = z.looseObject({
  kind: z.string().nullish(),
  tags,
  identity: z.unknown().optional(),
  properties: sitePropertiesSchema.nullish(),
});
export type SitePatchBody = z.output<typeof sitePatchBodySchema>;

/** PUT/PATCH sites/{name}/config/{x}: what `properties` holds depends on x. */
export const configBodySchema = z.looseObject({
  kind: z.string().nullish(),
  properties: z.record(z.string(), z.unknown()).nullish(),
});

/** config/appsettings and config/metadata: a flat string map. */
export const stringMapSchema = z.record(z.string(), z.string().nullable());

/** config/connectionstrings: name → {value, type}. */
export const connectionStringMapSchema = z.record(z.string(), z.looseObject({ value: z.string().nullish(), type: z.string().nullish() }));

export const checkNameBodySchema = z.looseObject({
  name: z.string(),
  type: z.string(),
  isFqdn: z.boolean().nullish(),
});

export const publishingPolicyBodySchema = z.looseObject({
  properties: z.looseObject({ allow: z.boolean() }),
});

export const publishProfileBodySchema = z.looseObject({ format: z.string().nullish() });

/** The properties a body sent, without those sent as null: a null in these bodies means "not given". */
export function withoutNulls<T extends Readonly<Record<string, unknown>>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}
