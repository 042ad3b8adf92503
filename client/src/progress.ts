import * as vscode from 'vscode';

/** Shows "title" in the status bar while work that may take more than a moment runs. */
export function withStatusProgress<T>(title: string, work: () => Thenable<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, work);
}
