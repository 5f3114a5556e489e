/**
 * Early boot: the page posts `{ pwEarlyBoot: BootOptions }` to the worker the moment it creates
 * it (LessonContent.astro), before the page's own scripts have loaded, so the world is built
 * while the page is still starting. The kernel's first `boot` with the same options then
 * takes that result instead of building the world again; any other boot builds as usual. It is
 * the same `boot` on the same sandbox, only sooner, so the session is the one a later boot
 * would have made.
 */
import type { BootOptions, BootReport, SandboxApi } from '../../sandbox/api/types.ts';

/** The message the page sends; not a comlink message, so it is handled before comlink sees it. */
export interface EarlyBootMessage {
  pwEarlyBoot: BootOptions;
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
  scope.addEventListener('message', (event) => {
    const data = (event as MessageEvent).data;
    if (!isEarlyBoot(data)) return;
    event.stopImmediatePropagation();
    // Too late: the kernel booted already (a slow page never races a fast kernel).
    if (asked) return;
    const key = JSON.stringify(data.pwEarlyBoot);
    performance.mark('pw:boot-start');
    try {
      early = { key, report: sandbox.boot(data.pwEarlyBoot) };
    } catch (error) {
      early = { key, error };
    }
    performance.mark('pw:boot-end');
  });
  return (options) => {
    asked = true;
    const taken = early;
    early = undefined;
    if (taken && taken.key === JSON.stringify(options)) {
      if ('error' in taken) throw taken.error;
      return taken.report;
    }
    performance.mark('pw:boot-start');
    const report = sandbox.boot(options);
    performance.mark('pw:boot-end');
    return report;
  };
}
