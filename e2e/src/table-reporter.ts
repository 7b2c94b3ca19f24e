/**
 * Prints the e2e result as a table of client × scenario: pass, FAIL, or "skipped: <reason>",
 * then one count line. A scenario is one test; its client is the describe block around it.
 * Skips are never silent: each prints its reason (ctx.skip(reason) in the scenario).
 */
import type { Reporter, TestCase, TestModule } from "vitest/node";

interface Row {
  readonly client: string;
  readonly scenario: string;
  readonly outcome: string;
  readonly seconds: number;
}

function rowOf(test: TestCase): Row {
  const result = test.result();
  const client = test.parent.type === "suite" ? test.parent.fullName : test.module.moduleId.split("/").pop()!;
  const seconds = Math.round((test.diagnostic()?.duration ?? 0) / 100) / 10;
  let outcome: string;
  if (result.state === "passed") outcome = "pass";
  else if (result.state === "failed") outcome = `FAIL: ${(result.errors[0]?.message ?? "").split("\n")[0]!.slice(0, 140)}`;
  else if (result.state === "skipped") outcome = `skipped: ${result.note ?? (test.options.mode === "todo" ? "todo" : "skipped without a reason")}`;
  else outcome = "not run";
  return { client, scenario: test.name, outcome, seconds };
}

export default class TableReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const rows = modules.flatMap((m) => [...m.children.allTests()].map(rowOf));
    const width = (pick: (r: Row) => string, title: string) => Math.max(title.length, ...rows.map((r) => pick(r).length));
    const cw = width((r) => r.client, "client");
    const sw = width((r) => r.scenario, "scenario");
    const lines = [
      "",
      "e2e: client × scenario",
      `${"client".padEnd(cw)}  ${"scenario".padEnd(sw)}  ${"time".padStart(6)}  result`,
      `${"-".repeat(cw)}  ${"-".repeat(sw)}  ------  ------`,
      ...rows.map((r) => `${r.client.padEnd(cw)}  ${r.scenario.padEnd(sw)}  ${`${r.seconds}s`.padStart(6)}  ${r.outcome}`),
    ];
    const passed = rows.filter((r) => r.outcome === "pass").length;
    const failed = rows.filter((r) => r.outcome.startsWith("FAIL") || r.outcome === "not run").length;
    const skipped = rows.filter((r) => r.outcome.startsWith("skipped")).length;
    lines.push("", `e2e: ${passed} passed, ${failed} failed, ${skipped} skipped`);
    if (skipped > 0) lines.push(`e2e: WARNING: ${skipped} scenario(s) skipped: the table above says why`);
    if (rows.length === 0) lines.push("e2e: WARNING: no scenario ran");
    process.stdout.write(`${lines.join("\n")}\n`);
  }
}
