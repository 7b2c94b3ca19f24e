import { describe, expect, it } from "vitest";
import { actionMatches, blockGrants, permissionSchema } from "../src/index.js";

describe("action patterns", () => {
  it.each([
    ["*", "Microsoft.Storage/storageAccounts/read", true],
    ["*/read", "Microsoft.Storage/storageAccounts/read", true],
    ["*/read", "Microsoft.Storage/storageAccounts/write", false],
    ["Microsoft.Storage/*", "Microsoft.Storage/storageAccounts/listKeys/action", true],
    ["Microsoft.Storage/*", "Microsoft.StorageSync/storageSyncServices/read", false],
    ["Microsoft.Storage/*/read", "Microsoft.Storage/storageAccounts/read", true],
    ["Microsoft.Storage/*/read", "Microsoft.Storage/storageAccounts/blobServices/containers/read", true],
    ["Microsoft.Storage/*/read", "Microsoft.Storage/storageAccounts/write", false],
    ["microsoft.storage/STORAGEACCOUNTS/read", "Microsoft.Storage/storageAccounts/read", true],
    ["Microsoft.Web/sites/*", "Microsoft.Web/sites", false],
    ["Microsoft.Web/sites/config/list/Action", "Microsoft.Web/sites/config/list/action", true],
    ["Microsoft.Web/sites/read", "Microsoft.Web/sites/read/extra", false],
    ["Microsoft.Web/sites.read", "Microsoft.Web/sitesXread", false],
    ["Microsoft.Insights/alertRules/*", "Microsoft.Insights/alertRules/incidents/read", true],
  ])("%s matches %s: %s", (pattern, operation, expected) => {
    expect(actionMatches(pattern, operation)).toBe(expected);
  });
});

describe("one permission block", () => {
  const contributorLike = permissionSchema.parse({
    actions: ["*"],
    notActions: ["Microsoft.Authorization/*/Delete", "Microsoft.Authorization/*/Write", "Microsoft.Authorization/elevateAccess/Action"],
    dataActions: ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*"],
    notDataActions: ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete"],
  });
  it.each([
    ["action", "Microsoft.Resources/subscriptions/resourceGroups/write", true],
    ["action", "Microsoft.Authorization/roleAssignments/write", false],
    ["action", "microsoft.authorization/roleassignments/WRITE", false],
    ["action", "Microsoft.Authorization/roleAssignments/read", true],
    ["action", "Microsoft.Authorization/elevateAccess/action", false],
    // Actions never grant data actions, and data actions never grant actions.
    ["dataAction", "Microsoft.Resources/subscriptions/resourceGroups/write", false],
    ["action", "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read", true],
    ["dataAction", "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read", true],
    ["dataAction", "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete", false],
  ] as const)("%s %s → %s", (kind, op, expected) => {
    expect(blockGrants(contributorLike, op, kind)).toBe(expected);
  });

  it("grants no data action through Actions '*'", () => {
    const owner = permissionSchema.parse({ actions: ["*"] });
    expect(blockGrants(owner, "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read", "dataAction")).toBe(false);
  });
});
