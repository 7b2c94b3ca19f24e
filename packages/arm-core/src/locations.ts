/**
 * The physical Azure regions azmi offers, as `GET /subscriptions/{s}/locations` lists them.
 * Resource groups must be created in one of them (as on Azure); a location given as its
 * display name ("West Europe") or in any casing resolves to the canonical name ("westeurope").
 */
export interface AzureRegion {
  readonly name: string;
  readonly displayName: string;
  readonly geography: string;
  readonly geographyGroup: string;
  readonly latitude: string;
  readonly longitude: string;
  readonly physicalLocation: string;
  readonly pairedRegion: string | undefined;
  readonly recommended: boolean;
}

type Row = [
  name: string,
  displayName: string,
  geography: string,
  group: string,
  lat: string,
  long: string,
  physical: string,
  pair: string,
  recommended: boolean,
];

// One row per region: what the real list reports (coordinates as Azure publishes them, rounded).
const ROWS: Row[] = [
  ["eastus", "East US", "United States", "US", "37.3719", "-79.8164", "Virginia", "westus", true],
  ["eastus2", "East US 2", "United States", "US", "36.6681", "-78.3889", "Virginia", "centralus", true],
  ["southcentralus", "South Central US", "United States", "US", "29.4167", "-98.5", "Texas", "northcentralus", true],
  ["westus2", "West US 2", "United States", "US", "47.233", "-119.852", "Washington", "westcentralus", true],
  ["westus3", "West US 3", "United States", "US", "33.448376", "-112.074036", "Phoenix", "eastus", true],
  ["centralus", "Central US", "United States", "US", "41.5908", "-93.6208", "Iowa", "eastus2", true],
  ["northcentralus", "North Central US", "United States", "US", "41.8819", "-87.6278", "Illinois", "southcentralus", false],
  ["westus", "West US", "United States", "US", "37.783", "-122.417", "California", "eastus", false],
  ["westcentralus", "West Central US", "United States", "US", "40.89", "-110.234", "Wyoming", "westus2", false],
  ["canadacentral", "Canada Central", "Canada", "Canada", "43.653", "-79.383", "Toronto", "canadaeast", true],
  ["canadaeast", "Canada East", "Canada", "Canada", "46.817", "-71.217", "Quebec", "canadacentral", false],
  ["brazilsouth", "Brazil South", "Brazil", "South America", "-23.55", "-46.633", "Sao Paulo State", "southcentralus", true],
  ["brazilsoutheast", "Brazil Southeast", "Brazil", "South America", "-22.90278", "-43.2075", "Rio", "brazilsouth", false],
  ["mexicocentral", "Mexico Central", "Mexico", "Mexico", "20.588818", "-100.389888", "Querétaro State", "", true],
  ["northeurope", "North Europe", "Europe", "Europe", "53.3478", "-6.2597", "Ireland", "westeurope", true],
  ["westeurope", "West Europe", "Europe", "Europe", "52.3667", "4.9", "Netherlands", "northeurope", true],
  ["uksouth", "UK South", "United Kingdom", "Europe", "50.941", "-0.799", "London", "ukwest", true],
  ["ukwest", "UK West", "United Kingdom", "Europe", "53.427", "-3.084", "Cardiff", "uksouth", false],
  ["francecentral", "France Central", "France", "Europe", "46.3772", "2.373", "Paris", "francesouth", true],
  ["francesouth", "France South", "France", "Europe", "43.8345", "2.1972", "Marseille", "francecentral", false],
  ["germanywestcentral", "Germany West Central", "Germany", "Europe", "50.110924", "8.682127", "Frankfurt", "germanynorth", true],
  ["germanynorth", "Germany North", "Germany", "Europe", "53.073635", "8.806422", "Berlin", "germanywestcentral", false],
  ["swedencentral", "Sweden Central", "Sweden", "Europe", "60.67488", "17.14127", "Gävle", "swedensouth", true],
  ["swedensouth", "Sweden South", "Sweden", "Europe", "55.60534", "13.00068", "Malmo", "swedencentral", false],
  ["norwayeast", "Norway East", "Norway", "Europe", "59.913868", "10.752245", "Norway", "norwaywest", true],
  ["norwaywest", "Norway West", "Norway", "Europe", "58.969975", "5.733107", "Norway", "norwayeast", false],
  ["switzerlandnorth", "Switzerland North", "Switzerland", "Europe", "47.451542", "8.564572", "Zurich", "switzerlandwest", true],
  ["switzerlandwest", "Switzerland West", "Switzerland", "Europe", "46.204391", "6.143158", "Geneva", "switzerlandnorth", false],
  ["polandcentral", "Poland Central", "Poland", "Europe", "52.23334", "21.01666", "Warsaw", "", true],
  ["italynorth", "Italy North", "Italy", "Europe", "45.46888", "9.18109", "Milan", "", true],
  ["spaincentral", "Spain Central", "Spain", "Europe", "40.4259", "-3.4209", "Madrid", "", true],
  ["southeastasia", "Southeast Asia", "Asia Pacific", "Asia Pacific", "1.283", "103.833", "Singapore", "eastasia", true],
  ["eastasia", "East Asia", "Asia Pacific", "Asia Pacific", "22.267", "114.188", "Hong Kong", "southeastasia", true],
  ["australiaeast", "Australia East", "Australia", "Asia Pacific", "-33.86", "151.2094", "New South Wales", "australiasoutheast", true],
  ["australiasoutheast", "Australia Southeast", "Australia", "Asia Pacific", "-37.8136", "144.9631", "Victoria", "australiaeast", false],
  ["australiacentral", "Australia Central", "Australia", "Asia Pacific", "-35.3075", "149.1244", "Canberra", "australiacentral2", false],
  ["australiacentral2", "Australia Central 2", "Australia", "Asia Pacific", "-35.3075", "149.1244", "Canberra", "australiacentral", false],
  ["japaneast", "Japan East", "Japan", "Asia Pacific", "35.68", "139.77", "Tokyo, Saitama", "japanwest", true],
  ["japanwest", "Japan West", "Japan", "Asia Pacific", "34.6939", "135.5022", "Osaka", "japaneast", false],
  ["koreacentral", "Korea Central", "Korea", "Asia Pacific", "37.5665", "126.978", "Seoul", "koreasouth", true],
  ["koreasouth", "Korea South", "Korea", "Asia Pacific", "35.1796", "129.0756", "Busan", "koreacentral", false],
  ["centralindia", "Central India", "India", "Asia Pacific", "18.5822", "73.9197", "Pune", "southindia", true],
  ["southindia", "South India", "India", "Asia Pacific", "12.9822", "80.1636", "Chennai", "centralindia", false],
  ["westindia", "West India", "India", "Asia Pacific", "19.088", "72.868", "Mumbai", "southindia", false],
  ["uaenorth", "UAE North", "UAE", "Middle East", "25.266666", "55.316666", "Dubai", "uaecentral", true],
  ["uaecentral", "UAE Central", "UAE", "Middle East", "24.466667", "54.366669", "Abu Dhabi", "uaenorth", false],
  ["qatarcentral", "Qatar Central", "Qatar", "Middle East", "25.551462", "51.439327", "Doha", "", true],
  ["israelcentral", "Israel Central", "Israel", "Middle East", "31.2655698", "33.4506633", "Israel", "", true],
  ["southafricanorth", "South Africa North", "South Africa", "Africa", "-25.73134", "28.21837", "Johannesburg", "southafricawest", true],
  ["southafricawest", "South Africa West", "South Africa", "Africa", "-34.075691", "18.843266", "Cape Town", "southafricanorth", false],
];

export const AZURE_REGIONS: readonly AzureRegion[] = Object.freeze(
  ROWS.map(([name, displayName, geography, geographyGroup, latitude, longitude, physicalLocation, pair, recommended]) =>
    Object.freeze({
      name,
      displayName,
      geography,
      geographyGroup,
      latitude,
      longitude,
      physicalLocation,
      pairedRegion: pair === "" ? undefined : pair,
      recommended,
    }),
  ),
);

const squash = (s: string) => s.replace(/\s+/g, "").toLowerCase();
const BY_KEY = new Map<string, AzureRegion>();
for (const region of AZURE_REGIONS) {
  BY_KEY.set(region.name, region);
  BY_KEY.set(squash(region.displayName), region);
}

/** The region a location string names (`westeurope`, `West Europe`, `WESTEUROPE`), or undefined. */
export function findRegion(location: string): AzureRegion | undefined {
  return BY_KEY.get(squash(location));
}

/** Canonical region name when the location is a known region; otherwise the location as given (resource providers vary). */
export function normalizeLocation(location: string): string {
  return findRegion(location)?.name ?? location;
}

/** "(Europe) West Europe": how Azure labels a region in lists. */
export function regionalDisplayName(region: AzureRegion): string {
  return `(${region.geographyGroup}) ${region.displayName}`;
}

/** Regions with three availability zones. */
const ZONED_REGIONS = new Set([
  "eastus",
  "eastus2",
  "southcentralus",
  "westus2",
  "westus3",
  "centralus",
  "canadacentral",
  "brazilsouth",
  "mexicocentral",
  "northeurope",
  "westeurope",
  "uksouth",
  "francecentral",
  "germanywestcentral",
  "swedencentral",
  "norwayeast",
  "switzerlandnorth",
  "polandcentral",
  "italynorth",
  "spaincentral",
  "southeastasia",
  "eastasia",
  "australiaeast",
  "japaneast",
  "koreacentral",
  "centralindia",
  "uaenorth",
  "qatarcentral",
  "israelcentral",
  "southafricanorth",
]);

/**
 * How a subscription's logical zones map onto the region's physical zones (locations list,
 * 2022-12-01 on; azurerm's azurerm_location reads it as zone_mappings). Azure shuffles the
 * mapping per subscription; azmi maps zone n to physical zone n. Empty for a region without zones.
 */
export function availabilityZoneMappings(region: AzureRegion): Array<{ logicalZone: string; physicalZone: string }> {
  if (!ZONED_REGIONS.has(region.name)) return [];
  return ["1", "2", "3"].map((zone) => ({ logicalZone: zone, physicalZone: `${region.name}-az${zone}` }));
}
