import { describe, expect, it } from "vitest";
import { checkDeploymentName, checkJsonDepth, checkResourceName, tooDeepAt } from "../src/index.js";

const codeOf = (fn: () => void) => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe("Resource Manager's own name rules", () => {
  it.each(["a<b", "a>b", "a%b", "a&b", "a:b", "a\\b", "a?b", "a/b", "a#b", "a\u0000b", "a\u001fb", "a\u007fb", "", "x".repeat(261)])(
    "refuses the resource name %j with InvalidResourceName",
    (name) => expect(codeOf(() => checkResourceName(name, "Microsoft.Storage/storageAccounts"))).toBe("InvalidResourceName"),
  );
  it.each(["plain", "with space", "dots.and-dashes_(1)", "ünïcödé", "x".repeat(260)])("accepts the resource name %j", (name) =>
    expect(codeOf(() => checkResourceName(name, "Microsoft.Storage/storageAccounts"))).toBeUndefined(),
  );
  it.each(["with space", "a<b", "a&b", "a:b", "", "x".repeat(65)])("refuses the deployment name %j with InvalidDeployment", (name) =>
    expect(codeOf(() => checkDeploymentName(name))).toBe("InvalidDeployment"),
  );
  it.each(["main", "deploy-1.x_(2)", "Ünïcode", "x".repeat(64)])("accepts the deployment name %j", (name) =>
    expect(codeOf(() => checkDeploymentName(name))).toBeUndefined(),
  );
});

describe("JSON depth", () => {
  const nest = (levels: number): unknown => (levels === 0 ? 1 : [nest(levels - 1)]);
  it("allows 64 levels and refuses 65, naming where", () => {
    expect(tooDeepAt(nest(64))).toBeUndefined();
    expect(tooDeepAt({ a: { b: nest(63) } })).toBe("a.b" + "[0]".repeat(62));
    expect(codeOf(() => checkJsonDepth(nest(65)))).toBe("InvalidRequestContent");
    expect(codeOf(() => checkJsonDepth("scalar"))).toBeUndefined();
  });
});
