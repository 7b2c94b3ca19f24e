/**
 * The runtime stacks App Service offers (GET /providers/Microsoft.Web/webAppStacks), in the
 * shape Azure answers. `az webapp create --runtime` resolves its argument against this list:
 * on Linux it matches `linuxRuntimeSettings.runtimeVersion` (PYTHON|3.11), on Windows the
 * minor version's displayText; hidden and deprecated entries are skipped, and the stack whose
 * displayText is "Java" is ignored in favour of "Java Containers".
 */
type Json = Record<string, unknown>;

interface RuntimeOptions {
  readonly githubVersion: string;
  readonly endOfLife: string;
  readonly deprecated?: boolean;
}

function runtimeSettings(runtimeVersion: string, o: RuntimeOptions): Json {
  return {
    runtimeVersion,
    remoteDebuggingSupported: false,
    appInsightsSettings: { isSupported: true, isDefaultOff: false },
    gitHubActionSettings: { isSupported: true, supportedVersion: o.githubVersion },
    endOfLifeDate: o.endOfLife,
    isPreview: false,
    isDeprecated: o.deprecated ?? false,
    isHidden: false,
    isAutoUpdate: false,
    isEarlyAccess: false,
  };
}

interface MinorSpec {
  readonly displayText: string;
  readonly value: string;
  readonly linux?: string;
  readonly windows?: string;
  readonly options: RuntimeOptions;
}

function minor(spec: MinorSpec): Json {
  const stackSettings: Json = {};
  if (spec.linux !== undefined) stackSettings.linuxRuntimeSettings = runtimeSettings(spec.linux, spec.options);
  if (spec.windows !== undefined) stackSettings.windowsRuntimeSettings = runtimeSettings(spec.windows, spec.options);
  return { displayText: spec.displayText, value: spec.value, stackSettings };
}

function stack(name: string, displayText: string, preferredOs: "linux" | "windows", majorVersions: Json[]): Json {
  return {
    id: null,
    name,
    type: "Microsoft.Web/webAppStacks",
    location: null,
    properties: { displayText, value: name, preferredOs, majorVersions },
  };
}

const python = (v: string, endOfLife: string) =>
  minor({ displayText: `Python ${v}`, value: v, linux: `PYTHON|${v}`, options: { githubVersion: v, endOfLife } });

const node = (v: string, endOfLife: string, deprecated = false) =>
  minor({
    displayText: `Node ${v} LTS`,
    value: `${v}-lts`,
    linux: `NODE|${v}-lts`,
    windows: `~${v}`,
    options: { githubVersion: `${v}.x`, endOfLife, deprecated },
  });

const dotnet = (v: string, label: "LTS" | "STS", endOfLife: string) =>
  minor({
    displayText: `.NET ${v} (${label})`,
    value: `${v}`,
    linux: `DOTNETCORE|${v}.0`,
    windows: `v${v}.0`,
    options: { githubVersion: `${v}.0.x`, endOfLife },
  });

const php = (v: string, endOfLife: string) => minor({ displayText: `PHP ${v}`, value: v, linux: `PHP|${v}`, options: { githubVersion: v, endOfLife } });

const javaSe: Json = {
  displayText: "Java SE (Embedded Web Server)",
  value: "SE",
  minorVersions: [
    {
      displayText: "Java SE (Embedded Web Server)",
      value: "SE",
      stackSettings: {
        windowsContainerSettings: {
          javaContainer: "JAVA",
          javaContainerVersion: "SE",
          isAutoUpdate: true,
          isPreview: false,
          isDeprecated: false,
          isHidden: false,
        },
        linuxContainerSettings: {
          java21Runtime: "JAVA|21-java21",
          java17Runtime: "JAVA|17-java17",
          java11Runtime: "JAVA|11-java11",
          java8Runtime: "JAVA|8-jre8",
          isAutoUpdate: true,
          isPreview: false,
          isDeprecated: false,
          isHidden: false,
        },
      },
    },
  ],
};

export const WEB_APP_STACKS: readonly Json[] = [
  stack("dotnet", ".NET", "windows", [
    { displayText: ".NET 10", value: "dotnet10", minorVersions: [dotnet("10", "LTS", "2028-11-14T00:00:00Z")] },
    { displayText: ".NET 9", value: "dotnet9", minorVersions: [dotnet("9", "STS", "2026-11-10T00:00:00Z")] },
    { displayText: ".NET 8", value: "dotnet8", minorVersions: [dotnet("8", "LTS", "2026-11-10T00:00:00Z")] },
    {
      displayText: "ASP.NET V4",
      value: "v4",
      minorVersions: [
        minor({ displayText: "ASP.NET V4.8", value: "v4.8", windows: "v4.0", options: { githubVersion: "4.8", endOfLife: "2030-01-09T00:00:00Z" } }),
      ],
    },
  ]),
  stack("node", "Node", "linux", [
    {
      displayText: "Node LTS",
      value: "lts",
      minorVersions: [node("24", "2028-04-30T00:00:00Z"), node("22", "2027-04-30T00:00:00Z"), node("20", "2026-04-30T00:00:00Z")],
    },
    { displayText: "Node 18", value: "18", minorVersions: [node("18", "2025-04-30T00:00:00Z", true)] },
  ]),
  stack("python", "Python", "linux", [
    {
      displayText: "Python 3",
      value: "3",
      minorVersions: [
        python("3.14", "2030-10-31T00:00:00Z"),
        python("3.13", "2029-10-31T00:00:00Z"),
        python("3.12", "2028-10-31T00:00:00Z"),
        python("3.11", "2027-10-31T00:00:00Z"),
        python("3.10", "2026-10-31T00:00:00Z"),
        python("3.9", "2025-10-31T00:00:00Z"),
      ],
    },
  ]),
  stack("php", "PHP", "linux", [
    {
      displayText: "PHP 8",
      value: "8",
      minorVersions: [php("8.4", "2028-12-31T00:00:00Z"), php("8.3", "2027-12-31T00:00:00Z"), php("8.2", "2026-12-31T00:00:00Z")],
    },
  ]),
  stack("javacontainers", "Java Containers", "linux", [javaSe]),
];

/** The catalogue for one operating system (`stackOsType`), or all of it. */
export function webAppStacksFor(os: "linux" | "windows" | "all"): Json[] {
  if (os === "all") return structuredClone([...WEB_APP_STACKS]);
  const keep = os === "linux" ? ["linuxRuntimeSettings", "linuxContainerSettings"] : ["windowsRuntimeSettings", "windowsContainerSettings"];
  const out: Json[] = [];
  for (const s of structuredClone([...WEB_APP_STACKS])) {
    const props = s.properties as { majorVersions: Array<{ minorVersions: Array<{ stackSettings: Json }> }> };
    for (const major of props.majorVersions) {
      for (const m of major.minorVersions) {
        m.stackSettings = Object.fromEntries(Object.entries(m.stackSettings).filter(([k]) => keep.includes(k)));
      }
      major.minorVersions = major.minorVersions.filter((m) => Object.keys(m.stackSettings).length > 0);
    }
    props.majorVersions = props.majorVersions.filter((major) => major.minorVersions.length > 0);
    if (props.majorVersions.length > 0) out.push(s);
  }
  return out;
}
