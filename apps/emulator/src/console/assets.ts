/**
 * The console's stylesheet and its one script, served by azmi itself (no CDN): kept here as
 * text so the build needs no asset step. The script adds copy buttons, fills the access form's
 * action list and keeps the request log live (it asks for newer rows every second); every page
 * works without it.
 */
export const CONSOLE_CSS = `
:root { --fg:#1b1f24; --muted:#5b6470; --line:#d7dce2; --bg:#f6f8fa; --ok:#116329; --no:#a40e26; --accent:#0b5cad; font-family: system-ui, sans-serif; }
body { margin:0; color:var(--fg); background:#fff; }
header { display:flex; gap:1.5rem; align-items:center; padding:.6rem 1.2rem; border-bottom:1px solid var(--line); background:var(--bg); }
header .brand { font-weight:700; }
header nav a { margin-right:1rem; color:var(--accent); text-decoration:none; }
header nav a[aria-current=page] { font-weight:700; text-decoration:underline; }
main { padding:1rem 1.2rem; max-width:80rem; }
h1 { font-size:1.4rem; margin:.2rem 0 1rem; }
h2 { font-size:1.1rem; margin:1.4rem 0 .5rem; }
table { border-collapse:collapse; width:100%; margin:.4rem 0 1rem; }
th, td { text-align:left; border-bottom:1px solid var(--line); padding:.3rem .5rem; vertical-align:top; font-size:.92rem; }
th { background:var(--bg); }
code, .id { font-family: ui-monospace, monospace; font-size:.85rem; word-break:break-all; }
.muted { color:var(--muted); }
.cards { display:flex; flex-wrap:wrap; gap:.8rem; }
.card { border:1px solid var(--line); border-radius:6px; padding:.5rem .9rem; min-width:9rem; }
.card .n { font-size:1.5rem; font-weight:700; }
.verdict { font-size:1.2rem; font-weight:700; padding:.5rem .8rem; border-radius:6px; display:inline-block; }
.allowed { color:var(--ok); background:#dafbe1; }
.denied { color:var(--no); background:#ffebe9; }
.chain { list-style:none; padding:0; margin:0; }
.chain > li { border-left:3px solid var(--line); margin-left:.5rem; padding:.2rem 0 .6rem 1rem; position:relative; }
.chain > li::before { content:""; position:absolute; left:-.45rem; top:.45rem; width:.6rem; height:.6rem; border-radius:50%; background:var(--line); }
.chain > li.target::before { background:var(--accent); }
.granted { color:var(--ok); }
.refused { color:var(--no); }
.winning { font-weight:700; outline:2px solid var(--ok); border-radius:4px; padding:0 .3rem; }
form.query { display:grid; grid-template-columns: max-content 1fr; gap:.4rem .8rem; max-width:60rem; margin-bottom:1rem; }
form.query input { font: inherit; padding:.25rem .4rem; }
pre { background:var(--bg); border:1px solid var(--line); padding:.5rem .7rem; overflow:auto; }
pre.body { white-space:pre-wrap; word-break:break-all; }
button.copy { margin-left:.5rem; font-size:.8rem; }
.tree, .tree ul { list-style:none; padding-left:1.2rem; margin:.2rem 0; }
.tree > li { padding-left:0; }
.tree .node { padding:.15rem 0; }
.tree .kind { color:var(--muted); font-size:.8rem; margin-right:.4rem; }
.lock { color:var(--no); font-size:.85rem; margin-left:.4rem; }
.tag { font-size:.8rem; border:1px solid var(--line); border-radius:4px; padding:0 .3rem; margin-left:.3rem; }
tr.failed td { background:#fff8f7; }
.decision .muted { font-size:.8rem; }
textarea { font-family: ui-monospace, monospace; font-size:.85rem; width:100%; }
.check-ok { color:var(--ok); }
.check-no { color:var(--no); }
`;

export const CONSOLE_JS = `
for (const pre of document.querySelectorAll("pre[data-copy]")) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "copy";
  button.textContent = "copy";
  button.addEventListener("click", () => navigator.clipboard?.writeText(pre.textContent ?? "").then(() => { button.textContent = "copied"; }));
  pre.before(button);
}
const actions = document.getElementById("known-actions");
if (actions !== null && actions.childElementCount === 0) {
  fetch("/_azmi/operations").then((r) => r.json()).then((known) => {
    for (const name of [...known.actions, ...known.dataActions]) {
      const option = document.createElement("option");
      option.value = name;
      actions.append(option);
    }
  });
}
const live = document.querySelector("table[data-poll]");
if (live !== null) {
  const rows = live.tBodies[0];
  const poll = async () => {
    try {
      const answer = await fetch(live.dataset.poll + "&after=" + live.dataset.after);
      const html = await answer.text();
      const last = answer.headers.get("x-azmi-last-seq");
      if (answer.ok && html.trim() !== "") rows.insertAdjacentHTML("afterbegin", html);
      if (answer.ok && last !== null) live.dataset.after = last;
      while (rows.rows.length > 1000) rows.deleteRow(-1);
    } catch {
      // azmi stopped or restarted: keep asking.
    }
    setTimeout(poll, 1000);
  };
  setTimeout(poll, 1000);
}
`;

/** The tab icon: asked for by every browser (at /favicon.ico unless a page names one), so the console names its own. */
export const CONSOLE_ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b5cad"/><path d="M4 12 8 4l4 8" stroke="#fff" stroke-width="2" fill="none"/></svg>`;
