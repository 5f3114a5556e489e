/**
 * One shell session's queue of turns: lines run one at a time, in the order they were asked
 * for (a cell waits behind the terminal's `ping`). A turn still waiting can be withdrawn with
 * its AbortSignal (a cell's Stop); what runs and how many wait is readable for the page.
 */

/** Thrown into a turn withdrawn before it ran. */
export class Withdrawn extends Error {
  override name = 'AbortError';
}

export interface TurnOptions {
  /** Withdraws the turn while it waits; once it runs, the caller interrupts it instead. */
  signal?: AbortSignal;
  /** Called when the turn's wait is over and it starts. */
  onStart?: () => void;
}

export interface LineQueue {
  /** Runs `body` once every earlier turn is over; `label` says what runs (for the page). */
  turn<T>(label: string, body: () => Promise<T>, options?: TurnOptions): Promise<T>;
  /** What the running turn runs (undefined when idle). */
  readonly running: string | undefined;
  /** Turns waiting behind the running one. */
  readonly waiting: number;
  /** Forgets every turn (a new worker: the old one's turns were rejected). */
  clear(): void;
}

export function createLineQueue(onChange: () => void): LineQueue {
  let tail: Promise<unknown> = Promise.resolve();
  let running: string | undefined;
  let waiting = 0;
  let epoch = 0;
  return {
    turn(label, body, options = {}) {
      const { signal, onStart } = options;
      if (signal?.aborted) return Promise.reject(new Withdrawn('withdrawn before it ran'));
      const mine = epoch;
      waiting += 1;
      onChange();
      let left = false;
      const leave = (): void => {
        if (left) return;
        left = true;
        if (mine === epoch) waiting -= 1;
        onChange();
      };
      const result = new Promise<Awaited<ReturnType<typeof body>>>((resolve, reject) => {
        const abort = (): void => {
          if (left) return;
          leave();
          reject(new Withdrawn('withdrawn before it ran'));
        };
        signal?.addEventListener('abort', abort, { once: true });
        const go = async (): Promise<void> => {
          signal?.removeEventListener('abort', abort);
          if (left) return;
          leave();
          running = label;
          onChange();
          onStart?.();
          try {
            resolve(await body());
          } catch (error) {
            reject(error);
          } finally {
            if (mine === epoch) running = undefined;
            onChange();
          }
        };
        tail = tail.then(go, go);
      });
      return result;
    },
    get running() {
      return running;
    },
    get waiting() {
      return waiting;
    },
    clear() {
      epoch += 1;
      tail = Promise.resolve();
      running = undefined;
      waiting = 0;
      onChange();
    },
  };
}
