/**
 * The Azure SDK for Java scenario (scenarios/java-sdk: azure-identity and azure-resourcemanager-*,
 * versions from the Azure SDK BOM, pinned in its pom.xml) as one runnable jar in the tools
 * directory, built by `e2e:tools --provision` or here on first use (mvn, Maven Central, bounded by
 * AZMI_MAVEN_TIMEOUT_S), and rebuilt when its sources change. Answers the jar and the java to run
 * it with, or the reason it cannot be had (no java or mvn, Maven Central not reachable, ...).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { E2E_ROOT, tools, type ToolReport } from "./tools.js";

const PREFIX = "Azure SDK for Java: ";

export function javaSdk(): { java: string; jar: string } | { skip: string } {
  let report: ToolReport = tools();
  if (report.java === null || report.javaSdk === null) {
    const provision = spawnSync(process.execPath, [join(E2E_ROOT, "scripts", "tools.mjs"), "--provision", "--only", "java-sdk", "--json"], {
      encoding: "utf8",
      timeout: 15 * 60_000,
    });
    if (provision.status !== 0)
      return { skip: `e2e/scripts/tools.mjs --provision --only java-sdk failed (${provision.status}): ${provision.stderr.trim().split("\n").pop()}` };
    report = JSON.parse(provision.stdout) as ToolReport;
  }
  if (report.java !== null && report.javaSdk !== null) return { java: report.java, jar: report.javaSdk };
  const reason = report.missing.find((m) => m.startsWith(PREFIX));
  return { skip: reason === undefined ? "the Azure SDK for Java scenario was not built (no reason given)" : reason.slice(PREFIX.length) };
}
