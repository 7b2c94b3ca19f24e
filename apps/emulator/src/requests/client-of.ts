/**
 * Which client sent a request, told from its User-Agent: the az CLI, Terraform (azurerm or
 * azapi), an Azure SDK and its language, a browser, curl. What a person debugging a run looks
 * for first ("was that terraform or my test?").
 */
const RULES: ReadonlyArray<{ readonly test: RegExp; readonly name: (m: RegExpExecArray) => string }> = [
  { test: /\bAZURECLI\/(\S+)/i, name: (m) => `az ${m[1]}` },
  { test: /\bterraform-provider-(azurerm|azapi|azuread)\/(\S+)/i, name: (m) => `terraform (${m[1]} ${m[2]})` },
  { test: /\b(?:HashiCorp[ -]Terraform|Terraform)\/(\S+)/i, name: (m) => `terraform ${m[1]}` },
  { test: /\bOpenTofu\/(\S+)/i, name: (m) => `terraform (OpenTofu ${m[1]})` },
  { test: /\bazsdk-(js|python|go|java|net|cpp|rust)-([\w.-]+?)\//i, name: (m) => `SDK (${language(m[1]!)}: ${m[2]})` },
  { test: /\bazsdk-(js|python|go|java|net|cpp|rust)\b/i, name: (m) => `SDK (${language(m[1]!)})` },
  { test: /\bAzurePowershell\b|\bPowerShell\//i, name: () => "PowerShell" },
  { test: /\bcurl\/(\S+)/i, name: (m) => `curl ${m[1]}` },
  { test: /\bMozilla\//, name: () => "browser" },
  { test: /\bnode(?:-fetch)?\b|\bundici\b/i, name: () => "Node.js" },
  { test: /\bpython-requests\/|\bPython-urllib\//i, name: () => "Python" },
  { test: /\bGo-http-client\//, name: () => "Go" },
];

function language(code: string): string {
  const names: Record<string, string> = { js: "JS", python: "Python", go: "Go", java: "Java", net: ".NET", cpp: "C++", rust: "Rust" };
  return names[code.toLowerCase()] ?? code;
}

export function clientOf(userAgent: string | undefined): string {
  if (userAgent === undefined || userAgent === "") return "unknown";
  for (const rule of RULES) {
    const match = rule.test.exec(userAgent);
    if (match !== null) return rule.name(match);
  }
  return "other";
}
