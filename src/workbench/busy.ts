/**
 * What the simulator is busy with, in the workbench's bar: the line each terminal runs (and
 * how many wait behind it), or the replay of saved lines with its progress; a dot on the tab
 * of each terminal that runs something.
 */
import type { KernelEvent } from '../kernel/kernel.ts';

type Activity = Extract<KernelEvent, { type: 'activity' }>;

/** The bar's words for an activity report; '' when idle. */
export function describeActivity(activity: Activity, name: (session: string) => string): string {
  if (activity.replay) return `Replaying your saved lines: ${activity.replay.done} of ${activity.replay.total}`;
  const parts = activity.sessions.flatMap(({ session, running, waiting }) => {
    if (running === undefined) return [];
    const first = running.split('\n')[0]!;
    const line = first.length > 40 ? `${first.slice(0, 39)}…` : first;
    return [`${name(session)}: ${line}${waiting > 0 ? ` (${waiting} waiting)` : ''}`];
  });
  return parts.length === 0 ? '' : `Running ${parts.join('; ')}`;
}

export function renderActivity(bench: HTMLElement, activity: Activity): void {
  const status = bench.querySelector<HTMLElement>('.pw-busy');
  const text = describeActivity(activity, (session) => bench.querySelector(`#pw-tab-t${session}`)?.textContent ?? `Terminal ${session}`);
  if (status && status.textContent !== text) {
    status.textContent = text;
    status.title = text;
  }
  for (const { session, running } of activity.sessions) {
    const tab = bench.querySelector<HTMLElement>(`#pw-tab-t${session}`);
    if (tab) tab.dataset.busy = String(running !== undefined);
  }
}
