/** The frame of every console page: title, navigation (the current page marked), the page's content. */
import type { ComponentChildren } from "preact";

export type Section = "overview" | "resources" | "identities" | "access" | "roles" | "directory" | "requests" | "token";

const NAV: ReadonlyArray<{ section: Section; href: string; label: string }> = [
  { section: "overview", href: "/_azmi/console", label: "Overview" },
  { section: "resources", href: "/_azmi/console/resources", label: "Resources" },
  { section: "identities", href: "/_azmi/console/identities", label: "Identities" },
  { section: "access", href: "/_azmi/console/access", label: "Access" },
  { section: "roles", href: "/_azmi/console/roles", label: "Roles" },
  { section: "directory", href: "/_azmi/console/directory", label: "Directory" },
  { section: "requests", href: "/_azmi/console/requests", label: "Requests" },
  { section: "token", href: "/_azmi/console/token", label: "Token decoder" },
];

export function Layout(props: { title: string; section: Section | undefined; children: ComponentChildren }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · azmi console`}</title>
        <link rel="icon" href="/_azmi/console/assets/icon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/_azmi/console/assets/console.css" />
      </head>
      <body>
        <header>
          <span class="brand">azmi console</span>
          <nav>
            {NAV.map((n) => (
              <a href={n.href} aria-current={n.section === props.section ? "page" : undefined}>
                {n.label}
              </a>
            ))}
          </nav>
        </header>
        <main>
          <h1>{props.title}</h1>
          {props.children}
        </main>
        <script src="/_azmi/console/assets/console.js" defer />
      </body>
    </html>
  );
}

/** An id shown in full, in a monospace font. */
export function Id(props: { value: string | undefined }) {
  return props.value === undefined || props.value === "" ? <span class="muted">—</span> : <code class="id">{props.value}</code>;
}

export function accessHref(query: { principal?: string; action?: string; scope?: string }): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") params.set(k, v);
  const text = params.toString();
  return text === "" ? "/_azmi/console/access" : `/_azmi/console/access?${text}`;
}

export function identityHref(principalId: string): string {
  return `/_azmi/console/identities/${encodeURIComponent(principalId)}`;
}

export function NotFound(props: { what: string }) {
  return (
    <Layout title="Not found" section={undefined}>
      <p>{props.what}</p>
      <p>
        <a href="/_azmi/console">Back to the overview</a>
      </p>
    </Layout>
  );
}
