/**
 * /_azmi/console/directory?q=&filter=&kind=: the directory's service principals, applications,
 * users and groups, each section with the Graph query that produced it.
 */
import { DIRECTORY_KINDS, type DirectoryQuery, type DirectorySection } from "../directory-queries.js";
import { Layout } from "./layout.js";

export function directoryObjectHref(id: string): string {
  return `/_azmi/console/directory/${encodeURIComponent(id)}`;
}

export function Directory(props: { query: DirectoryQuery; sections: readonly DirectorySection[] }) {
  const { query } = props;
  return (
    <Layout title="Directory" section="directory">
      <form class="query" method="get" action="/_azmi/console/directory">
        <label for="q">Display name starts with</label>
        <input id="q" name="q" value={query.q} size={40} />
        <label for="filter">or an OData $filter</label>
        <input id="filter" name="filter" value={query.filter} size={70} placeholder="servicePrincipalType eq 'ManagedIdentity'" />
        <label for="kind">Kind</label>
        <select id="kind" name="kind">
          <option value="" selected={query.kind === undefined}>
            all
          </option>
          {Object.entries(DIRECTORY_KINDS).map(([kind, { label }]) => (
            <option value={kind} selected={query.kind === kind}>
              {label}
            </option>
          ))}
        </select>
        <span />
        <button type="submit">Query</button>
      </form>
      {props.sections.map((s) => (
        <section data-kind={s.kind}>
          <h2>
            {s.label} <span class="muted">({s.objects.length})</span>
          </h2>
          <pre class="odata" data-copy data-odata={s.kind}>
            {s.request}
          </pre>
          {s.error === undefined ? null : (
            <p class="denied" role="alert">
              Graph refused the query: {s.error}
            </p>
          )}
          {s.objects.length === 0 ? (
            <p class="muted">None.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  {s.columns.map((c) => (
                    <th>{c}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {s.objects.map((o) => (
                  <tr data-object-id={o.id}>
                    {s.columns.map((c) => (
                      <td>{c === "id" ? <a href={directoryObjectHref(o.id)}>{o.id}</a> : cell(o[c])}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </Layout>
  );
}

function cell(value: unknown): string {
  return value === undefined || value === null ? "" : typeof value === "string" ? value : JSON.stringify(value);
}

/** /_azmi/console/directory/{id}: one directory object as Graph answers it. */
export function DirectoryObjectPage(props: { id: string; object: Record<string, unknown> }) {
  const name = typeof props.object["displayName"] === "string" ? props.object["displayName"] : props.id;
  return (
    <Layout title={`Directory object: ${name}`} section="directory">
      <pre class="odata" data-copy>{`GET /v1.0/directoryObjects/${props.id}`}</pre>
      <pre class="body">{JSON.stringify(props.object, null, 2)}</pre>
    </Layout>
  );
}
