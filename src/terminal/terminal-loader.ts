/**
 * Page-weight guard: the terminal's code (xterm, the line editor, the worker) is fetched only
 * when the terminal is scrolled into view, focused or clicked, or when something is sent to
 * it (a "Run in terminal" button). Until then the page carries only this file.
 */
import type { MountedTerminal } from './mount.ts';
import { PASTE_EVENT } from './terminal-loader-event.ts';
import { lessonKernel } from '../kernel/lesson-kernel.ts';

let mounting: Promise<MountedTerminal> | undefined;

function load(host: HTMLElement): Promise<MountedTerminal> {
  if (mounting === undefined) {
    performance.mark('pw:terminal-load');
    // The worker boots while xterm's code downloads: the two are independent.
    // A failed boot is shown by the kernel's banner (lesson-client.ts); mount awaits it again.
    lessonKernel().start().catch(() => undefined);
    mounting = import('./mount.ts').then((module) => {
      performance.mark('pw:terminal-code');
      return module.mountTerminal(host);
    });
  }
  mounting.catch((error: unknown) => {
    host.dataset.state = 'failed';
    host.textContent = `The terminal could not load: ${error instanceof Error ? error.message : String(error)}`;
  });
  return mounting;
}

const host = document.querySelector<HTMLElement>('.pw-terminal-host');
if (host) {
  const start = (): void => {
    void load(host).then((terminal) => {
      if (document.activeElement === host) terminal.focus();
    });
  };
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) {
      observer.disconnect();
      start();
    }
  });
  observer.observe(host);
  // Booting the cluster takes longer than loading xterm: start the worker once the terminal is
  // within a screen of the viewport, so a learner scrolling down finds it (nearly) ready. Far
  // below the fold, as on every lesson's first screen, nothing loads.
  const near = new IntersectionObserver(
    (entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      near.disconnect();
      // A failed boot is shown by the kernel's banner (lesson-client.ts); mount awaits it again.
      lessonKernel().start().catch(() => undefined);
    },
    { rootMargin: '100% 0px' },
  );
  near.observe(host);
  host.addEventListener('focus', start, { once: true });
  host.addEventListener('click', start, { once: true });
  document.addEventListener(PASTE_EVENT, (event) => {
    const text = (event as CustomEvent<string>).detail;
    host.scrollIntoView({ block: 'center' });
    void load(host).then((terminal) => {
      terminal.editor.feed(text);
      terminal.focus();
    });
  });
}
