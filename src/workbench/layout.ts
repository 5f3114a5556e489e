/**
 * The workbench's place on the page (Workbench.astro, styles/workbench.css): the divider
 * between text and workbench (drag, or ←/→ when focused; the width is remembered), the
 * Hide/Show toggle, the "Lessons" button that shows the lesson list where the workbench took
 * its room, and the "Open the terminal" buttons in the text. On narrow screens the workbench
 * starts folded under the text, one tap from open.
 */

/** Where the workbench's width is remembered (a share of the window, in %). */
const SIZE_KEY = 'packetwalk:workbench-size';
const MIN = 20;
const MAX = 80;
const narrow = (): boolean => !matchMedia('(min-width: 50rem)').matches;

export interface Layout {
  /** Opens the workbench if it is folded. */
  reveal(): void;
  /** Called when the workbench opens (on a phone the first terminal loads then). */
  onOpen(listener: () => void): void;
}

export function createLayout(bench: HTMLElement): Layout {
  const html = document.documentElement;
  const divider = bench.querySelector<HTMLElement>('.pw-divider');
  const toggle = bench.querySelector<HTMLButtonElement>('.pw-bench-toggle');
  const openListeners: (() => void)[] = [];

  const setOpen = (open: boolean): void => {
    bench.dataset.open = String(open);
    // The page's layout around the workbench (styles/workbench.css).
    html.dataset.pwBench = open ? 'open' : 'closed';
    if (toggle) {
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = open ? 'Hide' : narrow() ? 'Show the terminal' : 'Show';
    }
    if (open) for (const listener of openListeners) listener();
  };
  setOpen(!narrow());
  toggle?.addEventListener('click', () => setOpen(bench.dataset.open !== 'true'));

  const setSize = (percent: number): void => {
    const value = Math.min(MAX, Math.max(MIN, Math.round(percent)));
    html.style.setProperty('--pw-bench-size', `${value}vw`);
    divider?.setAttribute('aria-valuenow', String(value));
    divider?.setAttribute('aria-valuetext', `workbench ${value}% of the window`);
    try {
      localStorage.setItem(SIZE_KEY, String(value));
    } catch {
      // Storage blocked: the width is only not remembered.
    }
  };
  let saved: number | undefined;
  try {
    saved = Number(localStorage.getItem(SIZE_KEY) ?? NaN);
  } catch {
    saved = undefined;
  }
  if (saved !== undefined && Number.isFinite(saved)) setSize(saved);
  else divider?.setAttribute('aria-valuenow', String(Math.round((bench.getBoundingClientRect().width / innerWidth) * 100) || 62));

  if (divider) {
    divider.addEventListener('pointerdown', (event) => {
      divider.setPointerCapture(event.pointerId);
      const move = (e: PointerEvent): void => setSize(((innerWidth - e.clientX) / innerWidth) * 100);
      const up = (): void => {
        divider.removeEventListener('pointermove', move);
        divider.removeEventListener('pointerup', up);
      };
      divider.addEventListener('pointermove', move);
      divider.addEventListener('pointerup', up);
    });
    divider.addEventListener('keydown', (event) => {
      const now = Number(divider.getAttribute('aria-valuenow') ?? 62);
      // The separator grows the workbench leftwards: ← makes it wider, as the divider moves left.
      const step = event.key === 'ArrowLeft' ? 5 : event.key === 'ArrowRight' ? -5 : 0;
      if (step === 0) return;
      event.preventDefault();
      setSize(now + step);
    });
  }

  // The lesson list, where the workbench took its room (styles/workbench.css).
  const navToggle = document.querySelector<HTMLButtonElement>('.pw-nav-toggle');
  navToggle?.addEventListener('click', () => {
    const open = html.dataset.pwNav !== 'open';
    if (open) html.dataset.pwNav = 'open';
    else delete html.dataset.pwNav;
    navToggle.setAttribute('aria-expanded', String(open));
  });

  const reveal = (): void => {
    if (bench.dataset.open !== 'true') setOpen(true);
  };
  for (const button of document.querySelectorAll<HTMLButtonElement>('.pw-open-bench')) {
    button.addEventListener('click', () => {
      reveal();
      bench.querySelector<HTMLElement>('#pw-panel-t1 .pw-terminal-host, #pw-panel-t1 .xterm-helper-textarea')?.focus();
    });
  }
  return {
    reveal,
    onOpen(listener) {
      openListeners.push(listener);
    },
  };
}
