/**
 * Runs a panel's update at once when asked to, else at most once per `intervalMs` (the first at
 * once): a burst of edits while typing costs one update per interval, never one per keystroke.
 */
export class Throttle {
  private timer: NodeJS.Timeout | undefined;
  private lastRun = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly run: () => void,
  ) {}

  schedule(now = false): void {
    const wait = now ? 0 : Math.max(0, this.lastRun + this.intervalMs - Date.now());
    if (this.timer) {
      if (!now) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.lastRun = Date.now();
      this.run();
    }, wait);
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
