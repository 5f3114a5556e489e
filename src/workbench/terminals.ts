/**
 * The workbench's terminals: "Terminal 1" is the lesson's first shell session (the cells run
 * there too), loaded when it comes into view, is focused or clicked, or when text is sent to
 * it; until then the page carries none of xterm's code (its `pw:terminal-*` marks time that
 * for the bench). "New terminal" opens another shell session on the same cluster, in a new tab
 * with its own prompt, history, place and running command. The key bar (phones) and "Run in
 * terminal" act on the terminal in view.
 */
import type { Kernel, SessionId } from '../kernel/kernel.ts';
import type { MountedTerminal } from '../terminal/mount.ts';
import type { Tabs } from './tabs.ts';

/** What the key bar's buttons send, as a terminal would (xterm's onData for those keys). */
const KEYS: Record<string, string> = { tab: '\t', interrupt: '\x03', up: '\x1b[A', down: '\x1b[B' };

export interface Terminals {
  /** Types `text` into the terminal in view (Terminal 1 when the Pictures tab is in view). */
  paste(text: string): void;
  /** Loads Terminal 1 now (the workbench was opened). */
  loadFirst(): void;
  /** Opens a new terminal tab on a new shell session. */
  open(): Promise<void>;
}

export interface TerminalsOptions {
  kernel: Kernel;
  tabs: Tabs;
  /** The bar's "New terminal" button and the key bar. */
  bench: HTMLElement;
  /** Terminal 1's saved lines after a reload. */
  history: (session: SessionId) => Promise<string[]>;
  /** Called before a terminal takes focus (a collapsed workbench opens). */
  reveal: () => void;
}

export function createTerminals(options: TerminalsOptions): Terminals {
  const { kernel, tabs, bench } = options;
  const mounted = new Map<SessionId, Promise<MountedTerminal>>();
  const firstHost = bench.querySelector<HTMLElement>('#pw-panel-t1 .pw-terminal-host');
  let next = 2;

  const mount = (session: SessionId, host: HTMLElement, prompt?: string): Promise<MountedTerminal> => {
    let loading = mounted.get(session);
    if (loading === undefined) {
      if (session === '1') performance.mark('pw:terminal-load');
      // The worker boots while xterm's code downloads: the two are independent. A failed boot
      // is shown by the kernel's banner; mount awaits it again.
      kernel.start().catch(() => undefined);
      loading = import('../terminal/mount.ts').then((module) => {
        if (session === '1') performance.mark('pw:terminal-code');
        return module.mountTerminal(host, {
          kernel,
          session,
          ...(prompt === undefined ? {} : { prompt }),
          history: () => options.history(session),
        });
      });
      loading.catch((error: unknown) => {
        host.dataset.state = 'failed';
        host.textContent = `The terminal could not load: ${error instanceof Error ? error.message : String(error)}`;
      });
      mounted.set(session, loading);
    }
    return loading;
  };
  const sessionInView = (): SessionId => /^pw-panel-t(\d+)$/.exec(tabs.selected)?.[1] ?? '1';
  const inView = (): Promise<MountedTerminal> | undefined => {
    const session = sessionInView();
    if (session === '1' && firstHost) return mount('1', firstHost);
    return mounted.get(session);
  };

  if (firstHost) {
    // Focus given to the placeholder while the terminal loads goes to the terminal once it is
    // there (mounting takes the placeholder's tabindex away, and with it the focus).
    let wantsFocus = false;
    const start = (): void => {
      void mount('1', firstHost).then((terminal) => {
        if (wantsFocus || document.activeElement === firstHost) terminal.focus();
        wantsFocus = false;
      });
    };
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect();
        start();
      }
    });
    observer.observe(firstHost);
    firstHost.addEventListener('focus', () => {
      wantsFocus = true;
      start();
    }, { once: true });
    firstHost.addEventListener('click', start, { once: true });
  }

  // Extra terminals belong to one world: a reset or a new worker closes them.
  kernel.subscribe((event) => {
    if (event.type !== 'booted' || event.reason === 'start') return;
    for (const session of [...mounted.keys()]) if (session !== '1') close(session, false);
  });

  const close = (session: SessionId, tellKernel = true): void => {
    void mounted.get(session)?.then((terminal) => terminal.dispose(), () => undefined);
    mounted.delete(session);
    tabs.remove(`pw-panel-t${session}`);
    if (tellKernel) kernel.closeSession(session).catch((error: unknown) => console.warn('packetwalk: closing a session', error));
  };

  const open = async (): Promise<void> => {
    const session = await kernel.openSession();
    const n = next;
    next += 1;
    const tab = document.createElement('button');
    tab.type = 'button';
    tab.setAttribute('role', 'tab');
    tab.className = 'pw-tab';
    tab.id = `pw-tab-t${session.session}`;
    tab.setAttribute('aria-controls', `pw-panel-t${session.session}`);
    tab.setAttribute('aria-selected', 'false');
    tab.dataset.session = session.session;
    tab.textContent = `Terminal ${n}`;
    const panel = document.createElement('section');
    panel.className = 'pw-terminal';
    panel.setAttribute('role', 'tabpanel');
    panel.id = `pw-panel-t${session.session}`;
    panel.setAttribute('aria-labelledby', tab.id);
    panel.tabIndex = -1;
    panel.dataset.session = session.session;
    panel.hidden = true;
    const help = document.createElement('p');
    help.className = 'pw-terminal-help';
    const closeButton = document.createElement('button');
    closeButton.type = 'button';
    closeButton.className = 'pw-terminal-close';
    closeButton.textContent = `Close terminal ${n}`;
    closeButton.addEventListener('click', () => close(session.session));
    help.append('Another shell on the same cluster · ', closeButton);
    const host = document.createElement('div');
    host.className = 'pw-terminal-host';
    host.dataset.state = 'idle';
    panel.append(help, host);
    tabs.add(tab, panel);
    tabs.select(panel.id);
    const terminal = await mount(session.session, host, session.prompt);
    terminal.focus();
  };

  bench.querySelector('.pw-new-terminal')?.addEventListener('click', () => {
    open().catch((error: unknown) => console.warn('packetwalk: a new terminal could not open', error));
  });
  // The key bar: buttons that do not take the focus from the terminal (pointerdown is
  // cancelled), so the phone's keyboard stays up while they type.
  const keybar = bench.querySelector<HTMLElement>('.pw-keybar');
  keybar?.addEventListener('pointerdown', (event) => event.preventDefault());
  keybar?.addEventListener('click', (event) => {
    const key = (event.target as Element | null)?.closest<HTMLElement>('[data-key]')?.dataset.key;
    if (!key) return;
    const terminal = inView();
    if (!terminal) return;
    void terminal.then((t) => {
      if (key === 'escape') {
        bench.querySelector<HTMLElement>(`#${tabs.selected}`)?.focus();
        return;
      }
      t.editor.feed(KEYS[key] ?? '');
      t.focus();
    });
  });

  return {
    paste(text) {
      options.reveal();
      if (!tabs.selected.startsWith('pw-panel-t')) tabs.select('pw-panel-t1');
      const terminal = inView();
      void terminal?.then((t) => {
        t.editor.feed(text);
        t.focus();
      });
    },
    loadFirst() {
      if (firstHost) void mount('1', firstHost);
    },
    open,
  };
}
