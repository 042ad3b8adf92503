import * as vscode from 'vscode';
import { CloseAction, CloseHandlerResult, ErrorAction, ErrorHandler, ErrorHandlerResult, Message } from 'vscode-languageclient/node';
import { RestartPolicy } from './restartPolicy';

/**
 * Restarts the server when it dies. The user hears about it once, not at every restart;
 * after too many crashes in a short time it stops and says how to start it again.
 * The decision itself lives in RestartPolicy (tested without the editor).
 */
export class RestartingErrorHandler implements ErrorHandler {
  private readonly policy = new RestartPolicy();

  constructor(private readonly output: vscode.OutputChannel) {}

  error(_error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    return { action: this.policy.continueAfterError(count) ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    const decision = this.policy.closed();
    if (decision.log) this.output.appendLine(decision.log);
    if (decision.tell?.severity === 'error') void vscode.window.showErrorMessage(decision.tell.message);
    else if (decision.tell) void vscode.window.showWarningMessage(decision.tell.message);
    return { action: decision.restart ? CloseAction.Restart : CloseAction.DoNotRestart, handled: true };
  }

  /** After a deliberate restart the count starts again. */
  reset(): void {
    this.policy.reset();
  }
}
