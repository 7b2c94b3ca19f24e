/**
 * Where the clients the wrappers run are: an explicit AZMI_AZ / AZMI_TF first, then what the
 * e2e provisioning built (${AZMI_TOOLS_DIR:-/opt/azmi-tools}), then PATH.
 */
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, isAbsolute, join } from "node:path";
import { toolsDir } from "./running-azmi.js";

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function onPath(name: string): string | undefined {
  if (isAbsolute(name)) return isExecutable(name) ? name : undefined;
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir !== "" && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** AZMI_AZ, else the newest az (provisioned), else Debian's, else `az` on PATH. */
export function findAz(prefer: "newest" | "debian" = "newest"): string | undefined {
  const explicit = process.env.AZMI_AZ;
  if (explicit !== undefined && explicit !== "") return onPath(explicit);
  const newest = join(toolsDir(), "az-latest", "bin", "az");
  const order = prefer === "newest" ? [newest, "/usr/bin/az"] : ["/usr/bin/az", newest];
  return order.find(isExecutable) ?? onPath("az");
}

/** AZMI_TF (a path, `terraform` or `tofu`), else terraform on PATH, else tofu (PATH or provisioned). */
export function findTerraform(): string | undefined {
  const explicit = process.env.AZMI_TF;
  if (explicit !== undefined && explicit !== "") {
    return onPath(explicit) ?? (explicit === "tofu" ? [join(toolsDir(), "bin", "tofu")].find(isExecutable) : undefined);
  }
  return onPath("terraform") ?? onPath("tofu") ?? [join(toolsDir(), "bin", "tofu")].find(isExecutable);
}

/** The filesystem mirror holding hashicorp/azurerm, when provisioned (AZMI_PLUGIN_MIRROR overrides). */
export function findPluginMirror(): string | undefined {
  const mirror = process.env.AZMI_PLUGIN_MIRROR ?? join(toolsDir(), "plugin-mirror");
  try {
    return statSync(join(mirror, "registry.terraform.io", "hashicorp", "azurerm")).isDirectory() ? mirror : undefined;
  } catch {
    return undefined;
  }
}
