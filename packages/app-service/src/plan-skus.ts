/**
 * App Service plan pricing tiers: the tier, family and worker limits Azure reports for each
 * SKU name. The CLI sends `{"name":"F1","tier":"FREE"}`; Azure answers the canonical tier
 * ("Free"), the size and the family, which azurerm reads back into `sku_name`.
 */
export interface PlanSku {
  readonly name: string;
  readonly tier: string;
  readonly family: string;
  /** computeMode of the plan: free and shared tiers run on shared workers. */
  readonly computeMode: "Shared" | "Dedicated" | "Dynamic";
  readonly maximumNumberOfWorkers: number;
}

function sku(name: string, tier: string, computeMode: PlanSku["computeMode"], maximumNumberOfWorkers: number): PlanSku {
  return { name, tier, family: name.replace(/\d.*$/, ""), computeMode, maximumNumberOfWorkers };
}

const SKUS: readonly PlanSku[] = [
  sku("F1", "Free", "Shared", 1),
  sku("D1", "Shared", "Shared", 1),
  ...["B1", "B2", "B3"].map((n) => sku(n, "Basic", "Dedicated", 3)),
  ...["S1", "S2", "S3"].map((n) => sku(n, "Standard", "Dedicated", 10)),
  ...["P1", "P2", "P3"].map((n) => sku(n, "Premium", "Dedicated", 20)),
  ...["P1v2", "P2v2", "P3v2"].map((n) => sku(n, "PremiumV2", "Dedicated", 30)),
  ...["P0v3", "P1v3", "P2v3", "P3v3", "P1mv3", "P2mv3", "P3mv3", "P4mv3", "P5mv3"].map((n) => sku(n, "PremiumV3", "Dedicated", 30)),
  ...["P0v4", "P1v4", "P2v4", "P3v4", "P1mv4", "P2mv4", "P3mv4", "P4mv4", "P5mv4"].map((n) => sku(n, "PremiumV4", "Dedicated", 30)),
  ...["I1", "I2", "I3"].map((n) => sku(n, "Isolated", "Dedicated", 100)),
  ...["I1v2", "I2v2", "I3v2", "I4v2", "I5v2", "I6v2", "I1mv2", "I2mv2", "I3mv2", "I4mv2", "I5mv2"].map((n) => sku(n, "IsolatedV2", "Dedicated", 100)),
  sku("Y1", "Dynamic", "Dynamic", 200),
  ...["EP1", "EP2", "EP3"].map((n) => sku(n, "ElasticPremium", "Dynamic", 100)),
  ...["WS1", "WS2", "WS3"].map((n) => sku(n, "WorkflowStandard", "Dynamic", 100)),
  sku("FC1", "FlexConsumption", "Dynamic", 1000),
];

/** Tier names the CLI accepts as a SKU and the SKU they stand for. */
const TIER_ALIASES: Readonly<Record<string, string>> = { free: "F1", shared: "D1", basic: "B1", standard: "S1", premium: "P1" };

/** The catalogue entry for a SKU name (case-insensitive, tier names accepted), or undefined. */
export function findPlanSku(name: string): PlanSku | undefined {
  const lower = name.toLowerCase();
  const canonical = TIER_ALIASES[lower]?.toLowerCase() ?? lower;
  return SKUS.find((s) => s.name.toLowerCase() === canonical);
}
