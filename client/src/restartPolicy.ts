/** How many restarts within the window before giving up (a crash loop helps nobody). */
export const MAX_RESTARTS = 5;
export const WINDOW_MS = 3 * 60 * 1000;

/** What to do when the server process stopped: restart or not, and what the user is told. */
export interface RestartDecision {
  restart: boolean;
  /** A message for the user: a warning the first time, an error when giving up; nothing otherwise. */
  tell?: { severity: 'warning' | 'error'; message: string };
  /** A line for the output channel. */
  log?: string;
}

/**
 * The crash-recovery decision, free of the editor API so it can be tested: restart the server
 * when it dies, tell the user once, and stop after too many crashes in a short time.
 */
export class RestartPolicy {
  private readonly restarts: number[] = [];
  private told = false;

  closed(now = Date.now()): RestartDecision {
    this.restarts.push(now);
    while (this.restarts.length && now - this.restarts[0] > WINDOW_MS) this.restarts.shift();
    if (this.restarts.length > MAX_RESTARTS) {
      return {
        restart: false,
        tell: { severity: 'error', message: `The Interface Studio server crashed ${MAX_RESTARTS} times in 3 minutes and was not restarted. Run "Restart Interface Studio Server" to try again.` },
      };
    }
    const decision: RestartDecision = { restart: true, log: `The Interface Studio server stopped unexpectedly; restarting it (${this.restarts.length} in the last 3 minutes).` };
    if (!this.told) {
      this.told = true;
      decision.tell = { severity: 'warning', message: 'The Interface Studio server stopped unexpectedly and was restarted.' };
    }
    return decision;
  }

  /** Whether to keep the connection after a transport error (the client counts them). */
  continueAfterError(count: number | undefined): boolean {
    return (count ?? 0) <= 3;
  }

  /** After a deliberate restart the count starts again. */
  reset(): void {
    this.restarts.length = 0;
  }
}
