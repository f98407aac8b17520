/**
 * The portal's one stylesheet, served by the portal itself (`/assets/portal.css`):
 * no web font (the system's own), no inline style (the CSP forbids it). Colours
 * meet WCAG 2.1 AA contrast (text ≥ 4.5:1 on its background); every focusable
 * element shows a visible focus ring; the layout is one column on a phone.
 */
export const PORTAL_CSS = `
:root {
  --ink: #1b1f24; --muted: #4a5360; --paper: #ffffff; --band: #0b3d66; --band-ink: #ffffff;
  --line: #c9d1da; --soft: #f2f5f8; --link: #0a4f8a; --focus: #b35c00;
  --ok: #1d5e2c; --ok-bg: #e8f3ea; --warn: #7a4100; --warn-bg: #fff4e0; --bad: #8a1c1c; --bad-bg: #fbeaea;
}
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 100%; line-height: 1.5; color: var(--ink); background: var(--paper); }
body { margin: 0; }
a { color: var(--link); }
a:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible, summary:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px;
}
.skip { position: absolute; left: -999px; top: 0; background: var(--paper); color: var(--link); padding: .5rem 1rem; }
.skip:focus { left: .5rem; top: .5rem; z-index: 10; }
header.site { background: var(--band); color: var(--band-ink); padding: .75rem 1rem; display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; justify-content: space-between; }
header.site .brand { font-weight: 700; font-size: 1.125rem; color: var(--band-ink); text-decoration: none; display: flex; gap: .5rem; align-items: center; }
header.site .brand img { width: 28px; height: 28px; }
header.site .who { margin: 0; font-size: .9375rem; }
header.site form { margin: 0; }
header.site button { background: transparent; color: var(--band-ink); border: 2px solid var(--band-ink); border-radius: 4px; padding: .25rem .75rem; font: inherit; cursor: pointer; }
header.site button:focus-visible { outline-color: #ffd29a; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.625rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.25rem; margin: 0 0 .5rem; }
section.card { border: 1px solid var(--line); border-radius: 6px; padding: 1rem; margin: 0 0 1rem; background: var(--paper); }
.notice { border-left: 6px solid var(--muted); background: var(--soft); padding: .75rem 1rem; margin: 0 0 1rem; border-radius: 0 6px 6px 0; }
.notice h2, .notice h3 { margin-top: 0; font-size: 1.0625rem; }
.notice p { margin: .25rem 0; }
.notice.blocked { border-color: var(--warn); background: var(--warn-bg); }
.notice.refused, .notice.invalid, .notice.signed-out { border-color: var(--bad); background: var(--bad-bg); }
.notice.unavailable { border-color: var(--muted); background: var(--soft); }
.notice.logged { border-color: var(--ok); background: var(--ok-bg); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: .5rem 0; }
dl.facts dt { font-weight: 600; color: var(--muted); }
dl.facts dd { margin: 0; }
.muted { color: var(--muted); }
.button, button.primary { display: inline-block; background: var(--link); color: #ffffff; border: 2px solid var(--link); border-radius: 4px; padding: .5rem 1rem; font: inherit; font-weight: 600; text-decoration: none; cursor: pointer; }
button.secondary, .button.secondary { background: var(--paper); color: var(--link); }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 1rem; padding: .75rem 1rem; }
legend { font-weight: 600; padding: 0 .25rem; }
label { display: block; margin: .25rem 0; }
.choice { display: flex; gap: .5rem; align-items: flex-start; margin: .5rem 0; }
.choice input { margin-top: .3rem; width: 1.125rem; height: 1.125rem; }
textarea { width: 100%; min-height: 6rem; font: inherit; padding: .5rem; border: 1px solid var(--muted); border-radius: 4px; }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; margin-top: 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
ol.log { list-style: none; margin: 0; padding: 0; }
ol.log li { border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; margin: 0 0 .75rem; }
ol.log .when { font-weight: 600; }
.tag { display: inline-block; border-radius: 4px; padding: 0 .4rem; font-size: .875rem; font-weight: 600; }
.tag.override { background: var(--warn-bg); color: var(--warn); border: 1px solid var(--warn); }
.tag.refused { background: var(--bad-bg); color: var(--bad); border: 1px solid var(--bad); }
footer.site { max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: var(--muted); font-size: .875rem; }
@media (max-width: 40rem) {
  dl.facts { grid-template-columns: 1fr; }
  dl.facts dd { margin-bottom: .5rem; }
  table, thead, tbody, tr, th, td { display: block; }
  thead { position: absolute; left: -999px; }
  td { border: 0; padding: .125rem 0; }
  tr { border-bottom: 1px solid var(--line); padding: .5rem 0; }
}
`;

/** The portal's mark (an SVG of its own, no icon font). */
export const PORTAL_LOGO = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" role="img" aria-label="HOI"><rect width="32" height="32" rx="6" fill="#ffffff"/><path d="M8 9v14M8 16h7M15 9v14M21 9v14M25 9v14" stroke="#0b3d66" stroke-width="3" stroke-linecap="round"/></svg>`;
