import * as vscode from 'vscode';

/** Shows "title" in the status bar while work that may take more than a moment runs; `work` may say how far it got. */
export function withStatusProgress<T>(title: string, work: (progress: vscode.Progress<{ message?: string }>) => Thenable<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, work);
}
