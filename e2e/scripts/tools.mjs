#!/usr/bin/env node
/**
 * The real clients the e2e scenarios drive, provisioned idempotently OUTSIDE the repo, in
 * ${AZMI_TOOLS_DIR:-/opt/azmi-tools} (nothing built is committed; later runs reuse the Go build
 * cache kept there):
 *
 *   - az CLI: Debian's azure-cli (2.45, apt) and the newest from PyPI (scripts/provision-tools.sh);
 *   - terraform: the one already on PATH, if any (HashiCorp's releases are not reachable here);
 *   - tofu: OpenTofu built from its Go module;
 *   - the hashicorp/azurerm provider built from its Go module, laid out as a filesystem mirror
 *     (<tools>/plugin-mirror/registry.terraform.io/hashicorp/azurerm/<v>/linux_amd64/...), with
 *     the same binary under registry.opentofu.org for tofu, so `init` works offline;
 *   - cdktf with @cdktf/provider-azurerm from npm, in <tools>/cdktf (too heavy for the workspace);
 *   - the Azure SDK for Java scenario (e2e/scenarios/java-sdk) as one runnable jar,
 *     <tools>/java-sdk/azmi-java-sdk.jar, built with mvn from Maven Central (local repository
 *     <tools>/m2), rebuilt when its sources change; the e2e file builds it on first use too.
 *
 *   node e2e/scripts/tools.mjs              what is available, as text
 *   node e2e/scripts/tools.mjs --json       {"az":[paths],"terraform":path|null,"tofu":path|null,
 *                                            "pluginMirror":dir|null,"missing":[reasons], ...}
 *   node e2e/scripts/tools.mjs --provision  installs or builds what is missing, then reports
 *   node e2e/scripts/tools.mjs --provision --only java-sdk   only that one (az, tofu, azurerm, cdktf, java-sdk)
 *
 * A build that fails leaves its reason in <tools>/status/<tool>.failed; the report's `missing`
 * quotes it, and the scenarios needing that tool are reported "skipped: <reason>".
 * Builds run one at a time under `nice -n 19` and a lock (<tools>/locks/build.lock).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  accessSync,
  constants,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * Pinned versions. The Go module proxy reachable here serves OpenTofu's tags, but for azurerm
 * only one pseudo-version: its tags (v4.x, v5.x) are not Go module versions at all (the module
 * path has no /v4 or /v5 suffix), so `go install ...@v4.x.y` is refused, and the proxy answers
 * 403 for other commits. That commit is main right after the 5.2.0 release (its version/VERSION
 * file says 5.2.0), so the mirror lays it out as 5.2.0.
 */
export const PINS = {
  tofu: process.env.AZMI_TOFU_VERSION ?? "v1.12.6",
  azurermModule: process.env.AZMI_AZURERM_MODULE_VERSION ?? "v1.44.1-0.20260824201233-fae580791926",
  azurerm: process.env.AZMI_AZURERM_VERSION ?? "5.2.0",
  cdktf: "0.21.0",
  constructs: "10.4.2",
  cdktfProviderAzurerm: "14.23.1",
};

/** Builds get this long before they are given up (the CI run has 90 minutes in all). */
const BUILD_TIMEOUT_MS = Number(process.env.AZMI_TOOLS_BUILD_TIMEOUT_S ?? 3600) * 1000;
/** The Java scenario's Maven download and build (a cold local repository fetches ~40 MB). */
const MAVEN_TIMEOUT_MS = Number(process.env.AZMI_MAVEN_TIMEOUT_S ?? 600) * 1000;

const JAVA_SDK_SCENARIO = join(repoRoot, "e2e", "scenarios", "java-sdk");

export function toolsDir() {
  const wanted = process.env.AZMI_TOOLS_DIR ?? "/opt/azmi-tools";
  try {
    mkdirSync(wanted, { recursive: true });
    accessSync(wanted, constants.W_OK);
    return wanted;
  } catch {
    const fallback = join(homedir(), ".cache", "azmi-tools");
    mkdirSync(fallback, { recursive: true });
    return fallback;
  }
}

const isExecutable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

function onPath(name) {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir !== "" && isExecutable(join(dir, name))) return join(dir, name);
  }
  return null;
}

const failureOf = (dir, tool) => {
  const file = join(dir, "status", `${tool}.failed`);
  return existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
};

function recordFailure(dir, tool, reason) {
  mkdirSync(join(dir, "status"), { recursive: true });
  writeFileSync(join(dir, "status", `${tool}.failed`), `${reason}\n`);
}

function clearFailure(dir, tool) {
  rmSync(join(dir, "status", `${tool}.failed`), { force: true });
}

const mirrorBinary = (mirror, host, version) => join(mirror, host, "hashicorp", "azurerm", version, "linux_amd64", `terraform-provider-azurerm_v${version}`);

function versionOf(command, args, pattern) {
  const probe = spawnSync(command, args, { encoding: "utf8", timeout: 60_000, env: { ...process.env, AZURE_CORE_COLLECT_TELEMETRY: "false" } });
  if (probe.status !== 0) return null;
  return pattern.exec(probe.stdout)?.[1] ?? null;
}

/** What is there now; asks each tool its version only with `versions: true` (az takes seconds). */
export function detectTools({ versions = false } = {}) {
  const dir = toolsDir();
  const missing = [];
  const debianAz = "/usr/bin/az";
  const latestAz = join(dir, "az-latest", "bin", "az");
  const az = [latestAz, debianAz].filter(isExecutable);
  if (!isExecutable(debianAz)) missing.push(`az (debian 2.45): ${debianAz} not installed (apt-get install azure-cli)`);
  if (!isExecutable(latestAz)) missing.push(`az (newest): ${latestAz} not installed (pip install azure-cli into that virtualenv)`);

  const terraform = onPath("terraform");
  if (terraform === null) missing.push("terraform: not on PATH (HashiCorp's release downloads are not reachable here; tofu stands in)");

  const builtTofu = join(dir, "bin", "tofu");
  const tofu = isExecutable(builtTofu) ? builtTofu : onPath("tofu");
  if (tofu === null) missing.push(`tofu: ${failureOf(dir, "tofu") ?? `not built yet (run: node e2e/scripts/tools.mjs --provision)`}`);

  const mirror = join(dir, "plugin-mirror");
  const pluginMirror = isExecutable(mirrorBinary(mirror, "registry.terraform.io", PINS.azurerm)) ? mirror : null;
  if (pluginMirror === null) missing.push(`azurerm provider: ${failureOf(dir, "azurerm") ?? "not built yet (run: node e2e/scripts/tools.mjs --provision)"}`);

  const cdktfDir = join(dir, "cdktf");
  const cdktfReady = ["cdktf", "constructs", "@cdktf/provider-azurerm"].every((p) => existsSync(join(cdktfDir, "node_modules", p, "package.json")));
  if (!cdktfReady) missing.push(`cdktf: ${failureOf(dir, "cdktf") ?? "not installed yet (run: node e2e/scripts/tools.mjs --provision)"}`);

  const java = onPath("java");
  const javaSdk = java !== null && javaSdkBuilt(dir) ? javaSdkJar(dir) : null;
  if (javaSdk === null)
    missing.push(
      `Azure SDK for Java: ${javaToolchainMissing() ?? failureOf(dir, "java-sdk") ?? "not built yet (run: node e2e/scripts/tools.mjs --provision --only java-sdk)"}`,
    );

  const report = {
    az,
    terraform,
    tofu,
    pluginMirror,
    azurermVersion: pluginMirror === null ? null : PINS.azurerm,
    cdktf: cdktfReady ? cdktfDir : null,
    java,
    javaSdk,
    toolsDir: dir,
    missing,
  };
  if (versions) {
    report.versions = {
      az: Object.fromEntries(az.map((p) => [p, versionOf(p, ["version", "--query", '"azure-cli"', "-o", "tsv"], /(\S+)/)])),
      terraform: terraform && versionOf(terraform, ["version"], /Terraform v(\S+)/),
      tofu: tofu && versionOf(tofu, ["version"], /OpenTofu v(\S+)/),
    };
  }
  return report;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: BUILD_TIMEOUT_MS, ...options });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  const tail = output.trim().split("\n").slice(-6).join(" | ");
  const ok = result.status === 0;
  const why =
    result.error?.code === "ETIMEDOUT" || result.signal === "SIGTERM"
      ? `timed out after ${(options.timeout ?? BUILD_TIMEOUT_MS) / 1000} s`
      : `exit ${result.status}`;
  return { ok, output, reason: ok ? "" : `${why}: ${tail}` };
}

function goEnv(dir) {
  return {
    ...process.env,
    GOPATH: join(dir, "go"),
    GOCACHE: join(dir, "go-cache"),
    GOBIN: join(dir, "bin"),
    GOFLAGS: "-buildvcs=false",
    GOTOOLCHAIN: "local",
  };
}

/**
 * Runs a build under <tools>/locks/<lock>.lock, so two provisioners never run the same build at
 * once (build.lock: the heavy Go builds, one at a time).
 */
function withBuildLock(dir, label, args, options = {}, lock = "build") {
  mkdirSync(join(dir, "locks"), { recursive: true });
  console.error(`tools: ${label} (nice -n 19; this can take a long time) ...`);
  if (onPath("flock") === null) return run("nice", ["-n", "19", ...args], { env: goEnv(dir), ...options });
  return run("flock", [join(dir, "locks", `${lock}.lock`), "nice", "-n", "19", ...args], { env: goEnv(dir), ...options });
}

function provisionAz() {
  const script = join(repoRoot, "scripts", "provision-tools.sh");
  const result = spawnSync("bash", [script], { stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, AZMI_TOOLS_DIR: toolsDir() } });
  if (result.status !== 0) console.error(`tools: ${script} exited ${result.status}`);
}

function provisionTofu(dir) {
  if (isExecutable(join(dir, "bin", "tofu"))) return;
  if (onPath("go") === null) return recordFailure(dir, "tofu", "no Go toolchain on PATH to build OpenTofu");
  const started = Date.now();
  // `go install …/cmd/tofu@version` is refused: OpenTofu's go.mod has a replace directive
  // (hashicorp/hcl → opentofu/hcl). So fetch the module and build it as the main module.
  const fetched = run("go", ["mod", "download", "-json", `github.com/opentofu/opentofu@${PINS.tofu}`], { env: goEnv(dir), cwd: dir });
  if (!fetched.ok) return recordFailure(dir, "tofu", `go mod download github.com/opentofu/opentofu@${PINS.tofu} failed (${fetched.reason})`);
  const source = JSON.parse(fetched.output.slice(fetched.output.indexOf("{"))).Dir;
  const work = join(dir, "src", `opentofu-${PINS.tofu}`);
  if (!existsSync(join(work, "go.mod"))) {
    rmSync(work, { recursive: true, force: true });
    cpSync(source, work, { recursive: true });
    spawnSync("chmod", ["-R", "u+w", work]);
  }
  const built = withBuildLock(dir, `building OpenTofu ${PINS.tofu}`, ["sh", "-c", `cd '${work}' && go build -o '${join(dir, "bin", "tofu")}' ./cmd/tofu`]);
  if (!built.ok) return recordFailure(dir, "tofu", `go build of OpenTofu ${PINS.tofu} failed (${built.reason})`);
  clearFailure(dir, "tofu");
  console.error(`tools: built tofu ${PINS.tofu} in ${Math.round((Date.now() - started) / 1000)} s`);
}

function provisionAzurerm(dir) {
  const mirror = join(dir, "plugin-mirror");
  const binary = join(dir, "bin", "terraform-provider-azurerm");
  if (!isExecutable(binary)) {
    if (onPath("go") === null) return recordFailure(dir, "azurerm", "no Go toolchain on PATH to build the azurerm provider");
    const started = Date.now();
    const built = withBuildLock(dir, `building hashicorp/azurerm ${PINS.azurermModule} (15-60 min, several GB of RAM)`, [
      "go",
      "install",
      `-ldflags=-X github.com/hashicorp/terraform-provider-azurerm/version.ProviderVersion=${PINS.azurerm}`,
      `github.com/hashicorp/terraform-provider-azurerm@${PINS.azurermModule}`,
    ]);
    if (!built.ok)
      return recordFailure(dir, "azurerm", `go install github.com/hashicorp/terraform-provider-azurerm@${PINS.azurermModule} failed (${built.reason})`);
    console.error(`tools: built the azurerm provider in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  // terraform resolves `hashicorp/azurerm` on registry.terraform.io, tofu on registry.opentofu.org.
  for (const host of ["registry.terraform.io", "registry.opentofu.org"]) {
    const target = mirrorBinary(mirror, host, PINS.azurerm);
    if (isExecutable(target)) continue;
    mkdirSync(dirname(target), { recursive: true });
    try {
      linkSync(binary, target);
    } catch {
      symlinkSync(binary, target);
    }
  }
  clearFailure(dir, "azurerm");
}

function provisionCdktf(dir) {
  const cdktfDir = join(dir, "cdktf");
  if (["cdktf", "constructs", "@cdktf/provider-azurerm"].every((p) => existsSync(join(cdktfDir, "node_modules", p, "package.json")))) return;
  mkdirSync(cdktfDir, { recursive: true });
  if (!existsSync(join(cdktfDir, "package.json")))
    writeFileSync(join(cdktfDir, "package.json"), `${JSON.stringify({ name: "azmi-cdktf-tools", private: true, type: "module" }, null, 2)}\n`);
  console.error("tools: installing cdktf and @cdktf/provider-azurerm from npm ...");
  const installed = run(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
      "--prefix",
      cdktfDir,
      `cdktf@${PINS.cdktf}`,
      `constructs@${PINS.constructs}`,
      `@cdktf/provider-azurerm@${PINS.cdktfProviderAzurerm}`,
    ],
    { cwd: cdktfDir },
  );
  if (!installed.ok)
    return recordFailure(dir, "cdktf", `npm install cdktf@${PINS.cdktf} @cdktf/provider-azurerm@${PINS.cdktfProviderAzurerm} failed (${installed.reason})`);
  clearFailure(dir, "cdktf");
}

const javaSdkJar = (dir) => join(dir, "java-sdk", "azmi-java-sdk.jar");

/** The Java scenario's sources (pom.xml, settings.xml, src/**), hashed in a stable order. */
function javaSdkDigest() {
  const hash = createHash("sha256");
  const walk = (path) => {
    if (statSync(path).isDirectory()) for (const name of readdirSync(path).sort()) walk(join(path, name));
    else hash.update(`${relative(JAVA_SDK_SCENARIO, path)}\0`).update(readFileSync(path));
  };
  for (const entry of ["pom.xml", "settings.xml", "src"]) walk(join(JAVA_SDK_SCENARIO, entry));
  return hash.digest("hex");
}

function javaSdkBuilt(dir) {
  const stamp = join(dir, "java-sdk", "sources.sha256");
  return existsSync(javaSdkJar(dir)) && existsSync(stamp) && readFileSync(stamp, "utf8") === javaSdkDigest();
}

function javaToolchainMissing() {
  const absent = ["java", "mvn"].filter((tool) => onPath(tool) === null);
  return absent.length === 0 ? undefined : `${absent.join(" and ")} not on PATH (a JDK 17 and Maven build the Java scenario)`;
}

/** Maven's telling error line (an artifact it could not fetch, if any), without colour codes. */
function mavenError(output) {
  const lines = output
    .replace(/\u001b\[[0-9;]*m/g, "")
    .split("\n")
    .filter((l) => l.startsWith("[ERROR]"))
    .map((l) => l.replace(/^(\[ERROR\]\s*)+/, "").trim())
    .filter((l) => l !== "");
  const line =
    lines.find((l) => /Could not (transfer|resolve|find)|Unknown host|transfer failed/i.test(l)) ?? lines[0] ?? output.trim().split("\n").pop() ?? "";
  return line.slice(0, 400);
}

function provisionJavaSdk(dir) {
  if (javaSdkBuilt(dir)) return clearFailure(dir, "java-sdk");
  const absent = javaToolchainMissing();
  if (absent !== undefined) return recordFailure(dir, "java-sdk", absent);
  const started = Date.now();
  // A work tree per process: two provisioners at once each build their own, the lock orders them.
  const work = join(dir, "java-sdk", `work-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  for (const entry of ["pom.xml", "settings.xml", "src"]) cpSync(join(JAVA_SDK_SCENARIO, entry), join(work, entry), { recursive: true });
  const digest = javaSdkDigest();
  const built = withBuildLock(
    dir,
    "building the Azure SDK for Java scenario with mvn (downloads from Maven Central on first run)",
    [
      "mvn",
      "-B",
      "-q",
      "-Dstyle.color=never",
      "-s",
      "settings.xml",
      `-Dmaven.repo.local=${join(dir, "m2")}`,
      // Bounded: a Maven Central that does not answer fails the build instead of hanging it.
      "-Daether.connector.connectTimeout=20000",
      "-Daether.connector.requestTimeout=60000",
      "package",
    ],
    { cwd: work, timeout: MAVEN_TIMEOUT_MS },
    // Its own lock: a jar build is light, and must not wait an hour behind the azurerm build.
    "java-sdk",
  );
  if (!built.ok) {
    rmSync(work, { recursive: true, force: true });
    const error = mavenError(built.output);
    const network = /Could not (transfer|resolve|find)|Unknown host|timed out|Network is unreachable|Connection refused|not resolve dependencies/i.test(
      built.output,
    );
    return recordFailure(
      dir,
      "java-sdk",
      built.reason.startsWith("timed out")
        ? `mvn package of the Java scenario ${built.reason.split(":")[0]} (Maven Central too slow?)`
        : network
          ? `Maven Central cannot be reached or does not serve an artifact the Java scenario needs: ${error}`
          : `mvn package of the Java scenario failed: ${error}`,
    );
  }
  // Renamed into place: a reader never sees half a jar.
  renameSync(join(work, "target", "azmi-java-sdk.jar"), javaSdkJar(dir));
  writeFileSync(join(dir, "java-sdk", "sources.sha256"), digest);
  rmSync(work, { recursive: true, force: true });
  clearFailure(dir, "java-sdk");
  console.error(`tools: built the Azure SDK for Java scenario in ${Math.round((Date.now() - started) / 1000)} s`);
}

const PROVISIONERS = {
  az: () => provisionAz(),
  tofu: provisionTofu,
  azurerm: provisionAzurerm,
  cdktf: provisionCdktf,
  "java-sdk": provisionJavaSdk,
};

/** Installs or builds what is missing: every tool, or only those named. */
export function provisionTools(only = Object.keys(PROVISIONERS)) {
  const dir = toolsDir();
  for (const name of only) {
    const provision = PROVISIONERS[name];
    if (provision === undefined) throw new Error(`tools.mjs: no tool named ${name} (known: ${Object.keys(PROVISIONERS).join(", ")})`);
    provision(dir);
  }
}

/** A Terraform CLI config that installs hashicorp/azurerm from the mirror, anything else directly. */
export function cliConfig(pluginMirror) {
  return `provider_installation {
  filesystem_mirror {
    path    = "${pluginMirror}"
    include = ["registry.terraform.io/hashicorp/azurerm", "registry.opentofu.org/hashicorp/azurerm"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/azurerm", "registry.opentofu.org/hashicorp/azurerm"]
  }
}
`;
}

function printText(report) {
  const line = (label, value) => console.log(`${label.padEnd(14)} ${value ?? "-"}`);
  line("tools dir", report.toolsDir);
  line("az", report.az.map((p) => `${p}${report.versions?.az?.[p] ? ` (${report.versions.az[p]})` : ""}`).join(", ") || null);
  line("terraform", report.terraform && `${report.terraform}${report.versions?.terraform ? ` (${report.versions.terraform})` : ""}`);
  line("tofu", report.tofu && `${report.tofu}${report.versions?.tofu ? ` (${report.versions.tofu})` : ""}`);
  line("plugin mirror", report.pluginMirror && `${report.pluginMirror} (hashicorp/azurerm ${report.azurermVersion})`);
  line("cdktf", report.cdktf);
  line("java sdk", report.javaSdk && `${report.javaSdk} (run with ${report.java})`);
  for (const reason of report.missing) console.log(`MISSING        ${reason}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const args = new Set(argv);
  if (args.has("--provision")) {
    const only = argv.flatMap((arg, i) => (argv[i - 1] === "--only" ? arg.split(",") : []));
    provisionTools(only.length > 0 ? only : undefined);
    const dir = toolsDir();
    const mirror = join(dir, "plugin-mirror");
    if (existsSync(mirror)) writeFileSync(join(dir, "terraform.rc"), cliConfig(mirror));
  }
  const report = detectTools({ versions: args.has("--versions") || (!args.has("--json") && args.has("--provision")) });
  if (args.has("--json")) console.log(JSON.stringify(report));
  else printText(report);
}
