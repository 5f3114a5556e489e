/**
 * Plain-DOM SVG for a layout: one `<g data-key>` per shape, translated to its place. A redraw
 * reuses the group with the same key and only changes its transform, so CSS tweens the move
 * (styles.ts; none under prefers-reduced-motion) and a new element appears without the others
 * jumping. Text is SVG `<text>`: selectable and read by screen readers.
 */
import type { Layout, Shape } from './layout.ts';

const NS = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes. */
export function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

function text(x: number, y: number, content: string, cls: string): SVGTextElement {
  const t = svgEl('text', { x, y, class: cls });
  t.textContent = content;
  return t;
}

/** Draws the shape's insides at the origin (the group carries the position). */
function body(s: Shape): SVGElement[] {
  switch (s.kind) {
    case 'machine':
      return [svgEl('rect', { width: s.w, height: s.h, rx: 10, class: 'pw-machine' }), text(10, 18, s.text ?? '', 'pw-t-title')];
    case 'tile':
      return [svgEl('rect', { width: s.w, height: s.h, rx: 8, class: 'pw-machine' }), text(8, 22, s.text ?? '', 'pw-t-title'), text(8, 42, s.sub ?? '', 'pw-t-sub')];
    case 'pod':
      return [svgEl('rect', { width: s.w, height: s.h, rx: 6, class: 'pw-pod' }), text(8, 18, s.text ?? '', 'pw-t-name'), text(8, 34, s.sub ?? '', 'pw-t-sub')];
    case 'port':
      return [
        svgEl('rect', { width: s.w, height: s.h, rx: 4, class: `pw-port${s.state ? ` pw-${s.state}` : ''}` }),
        text(6, s.sub ? 12 : s.h / 2 + 4, s.text ?? '', 'pw-t-port'),
        ...(s.sub ? [text(6, 25, s.sub, 'pw-t-sub')] : []),
      ];
    case 'bar':
      return [svgEl('rect', { width: s.w, height: s.h, rx: 3, class: `pw-bar${s.state ? ` pw-${s.state}` : ''}` }), text(8, 12, `${s.text ?? ''}${s.sub ? ` · ${s.sub}` : ''}`, 'pw-t-bar')];
    case 'gate':
      return [svgEl('rect', { width: s.w, height: s.h, rx: 3, class: 'pw-gate' }), text(4, 14, s.text ?? '', 'pw-t-gate'), ...(s.sub ? [text(4, 32, s.sub, 'pw-t-sub')] : [])];
    case 'label':
      return [text(0, 10, s.text ?? '', 'pw-t-sub')];
    case 'wire':
      return [svgEl('line', { x1: 0, y1: 0, x2: (s.x2 ?? s.x) - s.x, y2: (s.y2 ?? s.y) - s.y, class: `pw-wire${s.state ? ` pw-${s.state}` : ''}` })];
    case 'bus':
      return [svgEl('line', { x1: 0, y1: 0, x2: s.w, y2: 0, class: 'pw-bus' }), text(4, -6, s.text ?? '', 'pw-t-sub')];
    case 'tunnel': {
      const dx = (s.x2 ?? s.x) - s.x;
      return [
        svgEl('line', { x1: 0, y1: -1.5, x2: dx, y2: -1.5, class: 'pw-tunnel' }),
        svgEl('line', { x1: 0, y1: 1.5, x2: dx, y2: 1.5, class: 'pw-tunnel' }),
        text(Math.min(dx, 0) + 8, -4, s.text ?? '', 'pw-t-sub pw-t-tunnel'),
      ];
    }
  }
}

/**
 * Draws `layout` into `svg`, reusing groups by key. `onPick` is called when an element with
 * commands is clicked or activated from the keyboard.
 */
export function drawLayout(svg: SVGSVGElement, layout: Layout, onPick: (s: Shape, at: Element) => void): void {
  svg.setAttribute('viewBox', `0 0 ${layout.width} ${layout.height}`);
  svg.setAttribute('width', String(layout.width));
  svg.setAttribute('height', String(layout.height));
  const old = new Map<string, SVGGElement>();
  for (const g of svg.querySelectorAll<SVGGElement>(':scope > g.pw-shape')) old.set(g.dataset.key ?? '', g);
  let before: Element | null = svg.firstChild as Element | null;
  for (const s of layout.shapes) {
    let g = old.get(s.key);
    const fresh = !g;
    if (g) old.delete(s.key);
    else {
      g = svgEl('g', { class: `pw-shape pw-k-${s.kind}` });
      g.dataset.key = s.key;
    }
    g.replaceChildren(...body(s));
    if (s.title) {
      const t = svgEl('title');
      t.textContent = s.title;
      g.append(t);
    }
    if (s.commands?.length) {
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      // Named by its own text and tooltip (no aria-label: the name is what the learner sees,
      // WCAG 2.5.3); the description says what activating it does.
      g.setAttribute('aria-description', 'shows the commands that display it');
      g.classList.add('pw-pickable');
      g.onclick = () => onPick(s, g!);
      g.onkeydown = (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onPick(s, g!);
        }
      };
    }
    g.classList.toggle('pw-new', fresh);
    g.setAttribute('transform', `translate(${s.x} ${s.y})`);
    g.style.transform = `translate(${s.x}px, ${s.y}px)`;
    // Document order is drawing order: keep the layout's order.
    if (g !== before) svg.insertBefore(g, before);
    before = g.nextSibling as Element | null;
  }
  for (const g of old.values()) g.remove();
}
