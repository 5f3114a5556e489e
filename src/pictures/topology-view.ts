/**
 * The topology figure: a labelled region with the SVG drawing, a menu of the commands that
 * show a clicked element (each pastes into the terminal), and the text-equivalent table.
 * `update` redraws in place: elements keep their keys, so moves tween and new pods fade in.
 */
import type { TopologyPicture } from '../../sandbox/api/types.ts';
import { layoutTopology, type Layout, type Shape } from './layout.ts';
import { drawLayout, svgEl } from './svg.ts';
import { topologyRows } from './text.ts';
import { ensureStyles } from './styles.ts';
import { fillTable } from './table.ts';

/** What the views need from their host: sending a command line to the terminal. */
export interface PictureHost {
  /** Types `command` into the terminal (not run); `on` is the machine it is meant for. */
  paste(command: string, on?: string): void;
}

export interface TopologyView {
  element: HTMLElement;
  svg: SVGSVGElement;
  update(picture: TopologyPicture): Layout;
  layout(): Layout | undefined;
}

/** Builds the Topology figure (call `update` to draw). */
export function createTopologyView(host: PictureHost, caption = 'Topology'): TopologyView {
  ensureStyles();
  const figure = document.createElement('figure');
  figure.className = 'pw-pic pw-topology not-content';
  figure.setAttribute('role', 'region');
  figure.setAttribute('aria-label', caption);
  figure.style.position = 'relative';
  const cap = document.createElement('figcaption');
  cap.textContent = caption;
  const scroll = document.createElement('div');
  scroll.className = 'pw-pic-scroll';
  const svg = svgEl('svg', { role: 'group', 'aria-label': `${caption}: machines, pods and devices (the table below lists them)` });
  scroll.append(svg);
  const details = document.createElement('details');
  details.className = 'pw-text';
  const summary = document.createElement('summary');
  summary.textContent = 'Topology as a table';
  const table = document.createElement('table');
  details.append(summary, table);
  figure.append(cap, scroll, details);
  let current: Layout | undefined;
  let menu: HTMLElement | undefined;

  const closeMenu = (): void => {
    menu?.remove();
    menu = undefined;
  };
  const pick = (s: Shape, at: Element): void => {
    closeMenu();
    menu = commandMenu(s, host, closeMenu);
    const box = at.getBoundingClientRect();
    const base = figure.getBoundingClientRect();
    menu.style.left = `${Math.max(0, box.left - base.left)}px`;
    menu.style.top = `${box.bottom - base.top + 4}px`;
    figure.append(menu);
    menu.querySelector('button')?.focus();
  };
  figure.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && menu) {
      closeMenu();
      e.stopPropagation();
    }
  });

  return {
    element: figure,
    svg,
    update(picture) {
      current = layoutTopology(picture);
      drawLayout(svg, current, pick);
      fit(svg, current);
      fillTable(table, ['Machine', 'Namespace', 'Device', 'Addresses', 'Link', 'State'], topologyRows(picture));
      figure.dataset.machines = picture.machines.map((m) => m.name).join(' ');
      return current;
    },
    layout: () => current,
  };
}

/**
 * Scales the drawing to the width available, but never below three quarters of its size
 * (text stays readable); wider pictures scroll sideways.
 */
function fit(svg: SVGSVGElement, layout: Layout): void {
  // In CSS, so drawing never forces a layout of the page to read the frame's width.
  svg.style.width = `clamp(${Math.round(layout.width * 0.75)}px, 100%, ${layout.width}px)`;
  svg.removeAttribute('height');
}

/** The click menu: the commands that show an element, each pasted into the terminal on click. */
function commandMenu(s: Shape, host: PictureHost, close: () => void): HTMLElement {
  const menu = document.createElement('div');
  menu.className = 'pw-menu';
  menu.setAttribute('role', 'dialog');
  menu.setAttribute('aria-label', `Commands that show ${s.text ?? s.key}`);
  const p = document.createElement('p');
  p.textContent = `Show ${s.title?.split('\n')[0] ?? s.text ?? s.key} in the terminal:`;
  menu.append(p);
  for (const c of s.commands ?? []) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = c;
    b.title = 'Paste into the terminal';
    b.addEventListener('click', () => {
      host.paste(c);
      close();
    });
    menu.append(b);
  }
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.textContent = 'Close (Esc)';
  cancel.addEventListener('click', close);
  menu.append(cancel);
  return menu;
}
