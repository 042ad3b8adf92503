import * as vscode from 'vscode';
import { CloseAction, CloseHandlerResult, ErrorAction, ErrorHandler, ErrorHandlerResult, Message } from 'vscode-languageclient/node';

/** How many restarts within the window before giving up (a crash loop helps nobody). */
const MAX_RESTARTS = 5;
const WINDOW_MS = 3 * 60 * 1000;

/**
 * Restarts the server when it dies. The user hears about it once, not at every restart;
 * after too many crashes in a short time it stops and says how to start it again.
 */
export class RestartingErrorHandler implements ErrorHandler {
  private readonly restarts: number[] = [];
  private told = false;

  constructor(private readonly output: vscode.OutputChannel) {}

  error(_error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    return { action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.restarts.push(now);
    while (this.restarts.length && now - this.restarts[0] > WINDOW_MS) this.restarts.shift();
    if (this.restarts.length > MAX_RESTARTS) {
      void vscode.window.showErrorMessage(
        `The Interface Studio server crashed ${MAX_RESTARTS} times in 3 minutes and was not restarted. Run "Restart Interface Studio Server" to try again.`,
      );
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    this.output.appendLine(`The Interface Studio server stopped unexpectedly; restarting it (${this.restarts.length} in the last 3 minutes).`);
    if (!this.told) {
      this.told = true;
      void vscode.window.showWarningMessage('The Interface Studio server stopped unexpectedly and was restarted.');
    }
    return { action: CloseAction.Restart, handled: true };
  }

  /** After a deliberate restart the count starts again. */
  reset(): void {
    this.restarts.length = 0;
  }
}
