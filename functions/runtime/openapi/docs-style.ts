/** The documentation page's stylesheet: system fonts only, light and dark. */
export const DOCS_STYLE = `
:root {
  color-scheme: light dark;
  --fg: #1b1f24; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --line: #d1d9e0;
  --accent: #0b5cad; --post: #1a7f37; --get: #0b5cad; --problem: #9a3412;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  line-height: 1.5;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --line: #3d444d;
    --accent: #4493f8; --post: #3fb950; --get: #4493f8; --problem: #f0883e;
  }
}
body { margin: 0 auto; max-width: 64rem; padding: 1.5rem; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
code { font-family: ui-monospace, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.9em; }
h1 { margin-bottom: 0.25rem; }
#intro span { display: block; }
.meta, .muted { color: var(--muted); }
.muted { margin: 0.25rem 0 0; font-size: 0.9em; }
.error { color: var(--problem); }
nav ul { list-style: none; padding: 0; }
nav a { text-decoration: none; }
section { border-top: 1px solid var(--line); padding-top: 0.5rem; margin-top: 1.5rem; }
.operation h2 { display: flex; align-items: center; gap: 0.5rem; }
.method {
  display: inline-block; min-width: 3.5rem; padding: 0.1rem 0.4rem; border-radius: 0.25rem;
  color: #ffffff; background: var(--get); font-size: 0.8rem; font-weight: 700; text-align: center;
}
.method-post { background: var(--post); }
.tag {
  display: inline-block; margin-left: 0.4rem; padding: 0 0.4rem; border: 1px solid var(--line);
  border-radius: 1rem; font-size: 0.75rem; color: var(--muted);
}
.facts .tag { margin-left: 0; }
.tag.locked { color: var(--problem); border-color: var(--problem); }
table { width: 100%; border-collapse: collapse; margin: 0.5rem 0; }
th, td { padding: 0.35rem 0.5rem; border: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--panel); }
tr.problem strong { color: var(--problem); }
.rule { display: block; }
ul.codes { display: flex; flex-wrap: wrap; gap: 0.25rem; list-style: none; margin: 0.25rem 0; padding: 0; }
ul.codes li { padding: 0 0.35rem; border-radius: 0.25rem; background: var(--panel); border: 1px solid var(--line); }
.ref { font-weight: 600; }
`;
