/**
 * The kernel's watchdog: runs remote calls so that a worker which stops making progress is
 * noticed. A call is alive while it makes progress (the worker's busy signal, a replayed line,
 * output); after `timeoutMs` without any, the watchdog asks the worker something cheap: a
 * command that waits (`sleep 30`, a quiet `curl -m 20`) leaves the worker free to answer, a
 * worker stuck in a loop does not. Only an unanswered probe counts as hung.
 */
export interface Watchdog {
  /**
   * Runs `call` under watch; `progress` (handed to the call) restarts the timer. Rejects with
   * what `fail` was given when the worker is declared hung or the watchdog is stopped.
   */
  watch<T>(call: (progress: () => void) => Promise<T>): Promise<T>;
  /** Rejects every call in flight with `error` (a crash, a restart). */
  abortAll(error: Error): void;
}

export interface WatchdogOptions {
  timeoutMs: number;
  /** Something the worker answers at once when it is free (its prompt). */
  probe: () => Promise<unknown>;
  /** The worker did not answer the probe: it is hung. */
  onHung: (message: string) => void;
}

export function createWatchdog(options: WatchdogOptions): Watchdog {
  const { timeoutMs } = options;
  /** Rejecters of calls in flight, so a failure or restart ends them instead of leaving them hanging. */
  const inFlight = new Set<(error: Error) => void>();
  return {
    watch<T>(call: (progress: () => void) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        let done = false;
        const arm = (): void => {
          if (done) return;
          if (timer !== undefined) clearTimeout(timer);
          timer = setTimeout(() => {
            const probe = setTimeout(() => {
              if (!done) options.onHung(`The simulator has not answered for ${(timeoutMs * 1.5) / 1000} s.`);
            }, timeoutMs / 2);
            options.probe().then(
              () => {
                clearTimeout(probe);
                arm();
              },
              () => undefined,
            );
          }, timeoutMs);
        };
        const settle = (): void => {
          done = true;
          if (timer !== undefined) clearTimeout(timer);
          inFlight.delete(rejecter);
        };
        const rejecter = (error: Error): void => {
          settle();
          reject(error);
        };
        inFlight.add(rejecter);
        arm();
        call(arm).then(
          (value) => {
            settle();
            resolve(value);
          },
          (error: unknown) => {
            settle();
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      });
    },
    abortAll(error) {
      for (const reject of [...inFlight]) reject(error);
      inFlight.clear();
    },
  };
}
