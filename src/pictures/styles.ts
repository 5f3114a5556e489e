/**
 * The pictures' stylesheet, injected by the picture code itself when the first picture is
 * shown, so a lesson page carries no picture CSS before that. Light and dark follow
 * Starlight's `data-theme` on <html>; verdict colours are Okabe-Ito (PICTURES.md), which read
 * on both and always come with a glyph and a word.
 */
const CSS = `
.pw-pic { --pw-fg: #1b1f24; --pw-muted: #57606a; --pw-bg: #ffffff; --pw-panel: #f6f8fa; --pw-line: #8c959f; --pw-pod: #eef5ff; --pw-machine: #fbfbfc; --pw-focus: #0072B2;
  border: 1px solid var(--pw-line); border-radius: 8px; margin: 1rem 0; padding: .5rem .75rem; background: var(--pw-bg); color: var(--pw-fg); }
:root[data-theme='dark'] .pw-pic { --pw-fg: #e6edf3; --pw-muted: #9da7b3; --pw-bg: #0d1117; --pw-panel: #161b22; --pw-line: #6e7681; --pw-pod: #12233a; --pw-machine: #11161d; --pw-focus: #56b4e9; }
.pw-pic figcaption, .pw-pic .pw-pic-head { font-weight: 600; margin: .25rem 0 .5rem; display: flex; gap: .75rem; align-items: center; flex-wrap: wrap; }
.pw-pic .pw-pic-scroll { overflow-x: auto; }
.pw-pic svg { display: block; height: auto; font: 12px/1.2 ui-sans-serif, system-ui, sans-serif; user-select: text; -webkit-user-select: text; max-width: none; }
.pw-pic svg text { fill: var(--pw-fg); }
.pw-pic .pw-shape { transition: transform .4s ease, opacity .4s ease; }
.pw-pic .pw-shape.pw-new { animation: pw-fade-in .4s ease; }
@keyframes pw-fade-in { from { opacity: 0; } to { opacity: 1; } }
@media (prefers-reduced-motion: reduce) { .pw-pic .pw-shape { transition: none; } .pw-pic .pw-shape.pw-new { animation: none; } }
.pw-pic .pw-machine { fill: var(--pw-machine); stroke: var(--pw-line); stroke-width: 1.5; }
.pw-pic .pw-pod { fill: var(--pw-pod); stroke: var(--pw-line); }
.pw-pic .pw-port, .pw-pic .pw-gate { fill: var(--pw-panel); stroke: var(--pw-fg); stroke-width: 1; }
.pw-pic .pw-bar { fill: var(--pw-panel); stroke: var(--pw-fg); stroke-width: 1.5; }
.pw-pic .pw-down { fill: none; stroke: var(--pw-muted); stroke-dasharray: 3 2; }
.pw-pic .pw-dangling { stroke: #D55E00; stroke-dasharray: 4 3; }
.pw-pic .pw-wire { stroke: var(--pw-line); stroke-width: 2; }
.pw-pic .pw-bus { stroke: var(--pw-fg); stroke-width: 4; }
.pw-pic .pw-tunnel { stroke: #009E73; stroke-width: 1.5; stroke-dasharray: 6 4; }
.pw-pic .pw-t-title { font-weight: 700; font-size: 13px; }
.pw-pic .pw-t-name { font-weight: 600; }
.pw-pic .pw-t-sub { fill: var(--pw-muted) !important; font-size: 11px; }
.pw-pic .pw-t-port, .pw-pic .pw-t-bar, .pw-pic .pw-t-gate { font: 11px ui-monospace, SFMono-Regular, Menlo, monospace; }
.pw-pic .pw-pickable { cursor: pointer; outline: none; }
.pw-pic .pw-pickable:focus-visible > rect, .pw-pic .pw-pickable:focus-visible > line { stroke: var(--pw-focus); stroke-width: 3; }
.pw-pic.pw-walking .pw-shape { opacity: .4; }
.pw-pic.pw-walking .pw-shape.pw-on-path { opacity: 1; }
.pw-pic .pw-path { fill: none; stroke-width: 5; stroke-linecap: round; stroke-linejoin: round; opacity: .85; }
.pw-pic .pw-marker circle { stroke: var(--pw-bg); stroke-width: 2; }
.pw-pic .pw-marker text { fill: #fff; font-weight: 700; font-size: 10px; }
.pw-pic .pw-marker.pw-current circle { stroke: var(--pw-fg); stroke-width: 3; }
.pw-pic .pw-menu { position: absolute; z-index: 20; background: var(--pw-bg); border: 1px solid var(--pw-line); border-radius: 6px; padding: .4rem; box-shadow: 0 4px 16px rgba(0,0,0,.25); max-width: 32rem; }
.pw-pic .pw-menu p { margin: 0 0 .3rem; font-weight: 600; }
.pw-pic .pw-menu button, .pw-pic .pw-card button.pw-paste { display: block; text-align: left; font: 12px ui-monospace, monospace; margin: .15rem 0; padding: .2rem .4rem; border: 1px solid var(--pw-line); border-radius: 4px; background: var(--pw-panel); color: var(--pw-fg); cursor: pointer; width: 100%; }
.pw-pic .pw-walk-body { display: grid; grid-template-columns: minmax(14rem, 22rem) 1fr; gap: .75rem; margin-top: .5rem; }
@media (max-width: 60rem) { .pw-pic .pw-walk-body { grid-template-columns: 1fr; } }
.pw-pic .pw-steps { list-style: none; margin: 0; padding: 0; max-height: 26rem; overflow-y: auto; border: 1px solid var(--pw-line); border-radius: 6px; }
.pw-pic .pw-steps li { margin: 0; }
.pw-pic .pw-steps button { display: flex; gap: .4rem; width: 100%; text-align: left; border: 0; border-bottom: 1px solid var(--pw-panel); background: none; color: var(--pw-fg); padding: .25rem .4rem; font-size: 12px; cursor: pointer; }
.pw-pic .pw-steps button[aria-current='step'] { background: var(--pw-panel); outline: 2px solid var(--pw-focus); outline-offset: -2px; }
.pw-pic .pw-step-words { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.pw-pic .pw-glyph { font-weight: 700; min-width: 1.1em; display: inline-block; }
.pw-pic .pw-card { border: 1px solid var(--pw-line); border-radius: 6px; padding: .5rem .75rem; background: var(--pw-panel); font-size: 13px; }
.pw-pic .pw-card h4 { margin: 0 0 .3rem; font-size: 14px; }
.pw-pic .pw-card code, .pw-pic .pw-card pre { font: 12px ui-monospace, monospace; white-space: pre-wrap; word-break: break-all; }
.pw-pic .pw-card dl { margin: .3rem 0; display: grid; grid-template-columns: max-content 1fr; gap: .2rem .6rem; }
.pw-pic .pw-card dt { font-weight: 600; }
.pw-pic .pw-card dd { margin: 0; }
.pw-pic .pw-ev { margin: .35rem 0; padding-top: .35rem; border-top: 1px dashed var(--pw-line); }
.pw-pic .pw-ev-kind { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: var(--pw-muted); }
.pw-pic .pw-dying { font-weight: 700; }
.pw-pic table { font-size: 12px; width: 100%; border-collapse: collapse; }
.pw-pic th, .pw-pic td { border: 1px solid var(--pw-line); padding: .2rem .35rem; vertical-align: top; white-space: pre-wrap; }
.pw-pic details.pw-text { margin-top: .5rem; }
.pw-pic .pw-filter { font-weight: 400; font-size: 13px; display: flex; gap: .6rem; }
.pw-pic .pw-status { font-weight: 400; color: var(--pw-muted); font-size: 13px; }
.pw-pic .pw-run { margin-left: auto; }

`;

/** Adds the stylesheet once per document. */
export function ensureStyles(doc: Document = document): void {
  if (doc.getElementById('pw-pictures-css')) return;
  const style = doc.createElement('style');
  style.id = 'pw-pictures-css';
  style.textContent = CSS;
  doc.head.append(style);
}
