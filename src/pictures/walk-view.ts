/**
 * The packet-walk figure (PICTURES.md "Packet walk"): the topology faded, the current packet's
 * path as a thick line with numbered step markers (outer VXLAN legs dashed green), the steps as
 * a list of buttons, an evidence card for the selected step (each line with a button that
 * pastes its command into the terminal, the kernel functions behind it on Enter), and the
 * table of steps. Keys: ←/→ step, Shift+←/→ packet, Enter expands the kernel functions.
 */
import type { PacketPicture, StepPicture, TopologyPicture, WalkPicture } from '../../sandbox/api/types.ts';
import { stepAnchor, type Layout } from './layout.ts';
import { svgEl } from './svg.ts';
import { packetText, VERDICTS, verdictText, walkRows, whereText } from './text.ts';
import { createTopologyView, type PictureHost } from './topology-view.ts';
import { fillTable } from './table.ts';

/** Which packets the list shows (ARP is hidden until asked for). */
export interface WalkFilter {
  arp: boolean;
  outer: boolean;
}

export interface WalkView {
  element: HTMLElement;
  /** Draws `walk` on `topology`; `focusStep` selects a step (default: the first, or where it died). */
  update(walk: WalkPicture, topology: TopologyPicture, focusStep?: number): void;
  select(index: number): void;
}

/** The steps a filter keeps. */
export function visibleSteps(w: WalkPicture, f: WalkFilter): StepPicture[] {
  const kind = new Map(w.packets.map((p) => [p.id, p.kind]));
  return w.steps.filter((s) => {
    const k = kind.get(s.packet);
    return (f.arp || k !== 'arp') && (f.outer || k !== 'encap');
  });
}

/** Builds the Packet walk figure. */
export function createWalkView(host: PictureHost, caption = 'Packet walk'): WalkView {
  const topo = createTopologyView(host, caption);
  const figure = topo.element;
  figure.classList.add('pw-walk', 'pw-walking');
  figure.setAttribute('aria-label', caption);
  figure.querySelector('details.pw-text')?.remove();
  const cap = figure.querySelector('figcaption')!;
  const filter: WalkFilter = { arp: false, outer: true };
  const filters = document.createElement('span');
  filters.className = 'pw-filter';
  for (const [key, text] of [['arp', 'ARP'], ['outer', 'VXLAN outer packets']] as const) {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = filter[key];
    box.addEventListener('change', () => {
      filter[key] = box.checked;
      if (walk && topology) render(current?.index);
    });
    label.append(box, ` ${text}`);
    filters.append(label);
  }
  cap.after(filters);
  const paths = svgEl('g', { class: 'pw-paths' });
  topo.svg.append(paths);
  const body = document.createElement('div');
  body.className = 'pw-walk-body';
  const list = document.createElement('ol');
  list.className = 'pw-steps';
  list.setAttribute('aria-label', 'Steps (← → step, Shift+← → packet)');
  const card = document.createElement('section');
  card.className = 'pw-card';
  card.setAttribute('aria-live', 'polite');
  body.append(list, card);
  const details = document.createElement('details');
  details.className = 'pw-text';
  const summary = document.createElement('summary');
  summary.textContent = 'Packet walk as a table';
  const table = document.createElement('table');
  details.append(summary, table);
  figure.append(body, details);

  let walk: WalkPicture | undefined;
  let topology: TopologyPicture | undefined;
  let steps: StepPicture[] = [];
  let current: StepPicture | undefined;
  let layout: Layout | undefined;

  function render(focus?: number): void {
    if (!walk || !topology) return;
    layout = topo.update(topology);
    paths.remove();
    topo.svg.append(paths);
    steps = visibleSteps(walk, filter);
    cap.textContent = `${caption}: ${walk.command}`;
    list.replaceChildren(...steps.map((s, i) => stepItem(s, i + 1, walk!)));
    fillTable(table, ['Step', 'Where', 'What happened', 'Packet (before → after)', 'Evidence', 'Verdict'], walkRows(walk, steps), (i) => (steps[i]!.index === walk!.dying ? 'pw-dying' : undefined));
    const start = steps.find((s) => s.index === focus) ?? steps.find((s) => s.index === walk!.dying) ?? steps[0];
    if (start) select(start.index, false);
    else card.textContent = 'This command sent no packets that the filter shows.';
  }

  /** Steps are numbered as shown (the filter hides ARP), the same in the list, the markers and the table. */
  function stepItem(s: StepPicture, n: number, w: WalkPicture): HTMLLIElement {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.step = String(s.index);
    b.tabIndex = -1;
    const v = VERDICTS[s.verdict];
    const glyph = document.createElement('span');
    glyph.className = 'pw-glyph';
    glyph.style.color = v.colour;
    glyph.textContent = v.glyph;
    const words = document.createElement('span');
    words.textContent = `${n}. ${whereText(s)}: ${s.what} (${v.word}${w.dying === s.index ? ', where it died' : ''})`;
    words.className = 'pw-step-words';
    b.dataset.n = String(n);
    if (w.dying === s.index) b.classList.add('pw-dying');
    b.append(glyph, words);
    // Enter on the current step expands its kernel functions (keydown below), not a re-render.
    b.addEventListener('click', () => {
      if (current?.index !== s.index) select(s.index, true);
    });
    li.append(b);
    return li;
  }

  function select(index: number, focus = true): void {
    if (!walk || !layout) return;
    const s = walk.steps[index];
    if (!s) return;
    current = s;
    for (const b of list.querySelectorAll<HTMLButtonElement>('button')) {
      const on = b.dataset.step === String(index);
      b.tabIndex = on ? 0 : -1;
      if (on) {
        b.setAttribute('aria-current', 'step');
        if (focus) b.focus();
        else requestAnimationFrame(() => b.scrollIntoView({ block: 'nearest' }));
      } else b.removeAttribute('aria-current');
    }
    drawPath(s);
    fillCard(s);
    figure.dataset.step = String(index);
  }

  function packetOf(id: number): PacketPicture | undefined {
    return walk?.packets.find((p) => p.id === id);
  }

  /** The current packet's path, with its VXLAN outer legs, through the step anchors. */
  function drawPath(s: StepPicture): void {
    if (!walk || !layout) return;
    const p = packetOf(s.packet);
    const inner = p?.kind === 'encap' && p.parent !== undefined ? p.parent : s.packet;
    const ids = new Set([inner, ...walk.packets.filter((q) => q.kind === 'encap' && q.parent === inner).map((q) => q.id)]);
    const onPath = steps.filter((x) => ids.has(x.packet));
    paths.replaceChildren();
    const points = onPath.map((x) => ({ step: x, at: stepAnchor(layout!, x) })).filter((x): x is { step: StepPicture; at: { x: number; y: number } } => x.at !== undefined);
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1]!;
      const b = points[i]!;
      const outer = packetOf(b.step.packet)?.kind === 'encap';
      paths.append(svgEl('line', { x1: a.at.x, y1: a.at.y, x2: b.at.x, y2: b.at.y, class: 'pw-path', stroke: outer ? VERDICTS.encapsulated.colour : VERDICTS.forwarded.colour, ...(outer ? { 'stroke-dasharray': '10 6' } : {}) }));
    }
    const seen = new Map<string, number>();
    for (const { step, at } of points) {
      const k = `${Math.round(at.x)},${Math.round(at.y)}`;
      const stack = seen.get(k) ?? 0;
      seen.set(k, stack + 1);
      const g = svgEl('g', { class: `pw-marker${step.index === s.index ? ' pw-current' : ''}`, transform: `translate(${at.x + stack * 7} ${at.y - stack * 7})` });
      const v = VERDICTS[step.verdict];
      g.append(svgEl('circle', { r: step.index === s.index ? 11 : 8, fill: v.colour }));
      const t = svgEl('text', { x: 0, y: 3.5, 'text-anchor': 'middle' });
      const n = steps.indexOf(step) + 1;
      t.textContent = step.index === s.index ? v.glyph : String(n);
      g.append(t);
      const title = svgEl('title');
      title.textContent = `${n}. ${whereText(step)}: ${step.what} (${verdictText(step.verdict)})`;
      g.prepend(title);
      paths.append(g);
    }
    // Keep the current step in sight when the picture is wider than its frame (read after the
    // frame's own layout, so stepping never forces one).
    const here = points.find((x) => x.step.index === s.index)?.at;
    const scroll = figure.querySelector<HTMLElement>('.pw-pic-scroll');
    if (here && scroll) {
      requestAnimationFrame(() => {
        if (scroll.scrollWidth <= scroll.clientWidth) return;
        const scale = topo.svg.getBoundingClientRect().width / (layout?.width ?? 1);
        scroll.scrollLeft = Math.max(0, here.x * scale - scroll.clientWidth / 2);
      });
    }
    // Off the path: faded (the machines and devices the path touches stay).
    const keys = new Set<string>();
    for (const x of onPath) {
      keys.add(x.where.machine);
      if (x.where.dev !== undefined) keys.add(`${x.where.machine}/${x.where.pod ?? ''}/${x.where.dev}`);
    }
    for (const g of topo.svg.querySelectorAll<SVGGElement>('g.pw-shape')) {
      const key = g.dataset.key ?? '';
      const pod = onPath.some((x) => x.where.pod !== undefined && key.startsWith(`${x.where.machine}/`) && key.endsWith(`/${x.where.pod}`));
      g.classList.toggle('pw-on-path', keys.has(key) || pod || key.startsWith('lan/'));
    }
  }

  function fillCard(s: StepPicture): void {
    const v = VERDICTS[s.verdict];
    const h = document.createElement('h4');
    h.textContent = `Step ${steps.indexOf(s) + 1} of ${steps.length}: ${s.what}`;
    const dl = document.createElement('dl');
    const p = packetOf(s.packet);
    const rows: [string, string][] = [
      ['Where', whereText(s)],
      ['Packet', `${p ? `#${p.id} ${p.kind}${p.parent ? ` (from #${p.parent})` : ''}: ` : ''}${packetText(s)}`],
      ['Verdict', `${v.glyph} ${v.word}${walk?.dying === s.index ? ' (where it died)' : ''}`],
    ];
    for (const [k, val] of rows) {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = val;
      if (k === 'Verdict') dd.style.color = v.colour;
      dl.append(dt, dd);
    }
    const evidence = s.evidence.map((e) => {
      const div = document.createElement('div');
      div.className = 'pw-ev';
      const kind = document.createElement('div');
      kind.className = 'pw-ev-kind';
      kind.textContent = e.kind;
      const code = document.createElement('code');
      code.textContent = e.text;
      div.append(kind, code);
      if (e.words) {
        const words = document.createElement('div');
        words.textContent = e.words;
        div.append(words);
      }
      if (e.command) {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'pw-paste';
        const cmd = e.command;
        b.textContent = `${e.on ? `${e.on}$ ` : ''}${cmd}`;
        b.title = 'Paste into the terminal';
        b.setAttribute('aria-label', `Paste into the terminal: ${cmd}${e.on ? ` on ${e.on}` : ''}`);
        b.addEventListener('click', () => host.paste(cmd, e.on));
        div.append(b);
      }
      return div;
    });
    const fns = document.createElement('details');
    fns.className = 'pw-functions';
    const sum = document.createElement('summary');
    sum.textContent = `Kernel functions (${s.functions.length}, as pwru prints them)`;
    const pre = document.createElement('pre');
    pre.textContent = s.functions.join('\n');
    fns.append(sum, pre);
    card.replaceChildren(h, dl, ...evidence, fns);
  }

  figure.addEventListener('keydown', (e) => {
    if (!current || !walk) return;
    const target = e.target as HTMLElement;
    if (target.closest('.pw-menu') || target.tagName === 'INPUT') return;
    const at = steps.findIndex((s) => s.index === current!.index);
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      const dir = e.key === 'ArrowRight' ? 1 : -1;
      if (e.shiftKey) {
        const ids = [...new Set(steps.map((s) => s.packet))];
        const next = ids[ids.indexOf(current.packet) + dir];
        const first = steps.find((s) => s.packet === next);
        if (first) select(first.index);
      } else {
        const next = steps[at + dir];
        if (next) select(next.index);
      }
    } else if (e.key === 'Enter' && target.closest('.pw-steps')) {
      e.preventDefault();
      const fns = card.querySelector<HTMLDetailsElement>('details.pw-functions');
      if (fns) fns.open = !fns.open;
    }
  });

  return {
    element: figure,
    update(w, t, focusStep) {
      walk = w;
      topology = t;
      figure.dataset.dying = w.dying === undefined ? '' : String(w.dying);
      render(focusStep);
    },
    select: (i) => select(i),
  };
}
