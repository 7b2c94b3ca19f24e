/**
 * The modes the e2e table runs a client in: `permissive` (azmi's default, tokens read but not
 * checked) and `strict` (`azmi start --auth strict`: tokens verified, RBAC enforced, the client
 * logs in with the operator's credentials). AZMI_E2E_MODES=permissive,strict selects them; both
 * by default, as CI runs them.
 */
export type E2eMode = "permissive" | "strict";

export function e2eModes(): E2eMode[] {
  const asked = (process.env.AZMI_E2E_MODES ?? "permissive,strict").split(",").map((m) => m.trim().toLowerCase());
  return (["permissive", "strict"] as const).filter((m) => asked.includes(m));
}

/** The suffix a client's name carries in the table; permissive rows keep their old names. */
export function modeLabel(mode: E2eMode): string {
  return mode === "strict" ? " [strict]" : "";
}

export function modeOptions(mode: E2eMode): { args?: string[] } {
  return mode === "strict" ? { args: ["--auth", "strict"] } : {};
}
