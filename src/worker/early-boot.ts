/**
 * Early boot: the page posts `{ pwEarlyBoot: BootOptions, image }` to the worker the moment
 * it has created it and fetched the scenario's world image (LessonContent.astro), before the
 * page's own scripts have loaded, so the world is booted while the page is still starting. The
 * kernel's first `boot` with the same options then takes that result instead of booting again;
 * any other boot boots as usual. It is the same `boot` on the same sandbox, only sooner, so the
 * session is the one a later boot would have made. Later boots with the same options (Reset
 * lesson) read the same image instead of building the world again.
 */
import type { BootOptions, BootReport, SandboxApi } from '../../sandbox/api/types.ts';

/** The message the page sends; not a comlink message, so it is handled before comlink sees it. */
export interface EarlyBootMessage {
  pwEarlyBoot: BootOptions;
  /** The scenario's world image (src/pages/worlds/), when the page could fetch it. */
  image?: string;
}

function isEarlyBoot(data: unknown): data is EarlyBootMessage {
  return typeof data === 'object' && data !== null && 'pwEarlyBoot' in data;
}

/** A boot result, or what the boot threw (rethrown when the kernel asks, so the entry reports it). */
type Outcome = { key: string; report: BootReport } | { key: string; error: unknown };

/**
 * Listens for the page's early boot on `scope` (register before comlink's listener) and returns
 * the `boot` to expose: the early result when the options match, otherwise `sandbox.boot`.
 */
export function earlyBoot(scope: EventTarget, sandbox: SandboxApi): (options: BootOptions) => BootReport {
  let early: Outcome | undefined;
  let asked = false;
  let image: { key: string; text: string } | undefined;
  const boot = (key: string, options: BootOptions): BootReport => {
    performance.mark('pw:boot-start');
    let report: BootReport | undefined;
    try {
      report = sandbox.boot(image?.key === key ? { ...options, image: image.text } : options);
      return report;
    } finally {
      // How the world was made (image or scenario), for the e2e test and the bench.
      performance.mark('pw:boot-end', { detail: report?.from });
    }
  };
  scope.addEventListener('message', (event) => {
    const data = (event as MessageEvent).data;
    if (!isEarlyBoot(data)) return;
    event.stopImmediatePropagation();
    const key = JSON.stringify(data.pwEarlyBoot);
    if (data.image !== undefined) image = { key, text: data.image };
    // Too late: the kernel booted already (a slow page never races a fast kernel).
    if (asked) return;
    try {
      early = { key, report: boot(key, data.pwEarlyBoot) };
    } catch (error) {
      early = { key, error };
    }
  });
  return (options) => {
    asked = true;
    const key = JSON.stringify(options);
    const taken = early;
    early = undefined;
    if (taken && taken.key === key) {
      if ('error' in taken) throw taken.error;
      return taken.report;
    }
    return boot(key, options);
  };
}
