import {
  CancellationToken,
  Connection,
  Diagnostic,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  type ResultProgressReporter,
  type WorkspaceDocumentDiagnosticReport,
  type WorkspaceDiagnosticReportPartialResult,
} from 'vscode-languageserver';
import { CancelledError } from '../service/cancellation';
import type { DiagnosticsScheduler } from './diagnostics';
import type { ProblemsOutput, WorkspaceProblems } from './workspaceProblems';

/** The identifier of our diagnostics in the client (`diagnosticProvider.identifier`). */
export const DIAGNOSTICS_IDENTIFIER = 'interface-studio';

/** Result ids of this server process: a restarted server never repeats an id the client kept. */
const processTag = Date.now().toString(36);
let lastResultId = 0;
const nextResultId = (prefix: string) => `${prefix}${processTag}.${++lastResultId}`;

/**
 * The findings of the workspace's unopened files, kept for the client's `workspace/diagnostic`
 * requests. A request gets what changed since the result ids it sends: streamed as partial results
 * while the background check runs, and answered when it ends. A request with nothing new stays
 * open until something changes (or the client cancels it), so a client that asks again at once
 * does not keep the server busy.
 */
export class WorkspaceReports implements ProblemsOutput {
  private readonly reports = new Map<string, { resultId: string; diagnostics: Diagnostic[] }>();
  private wake: (() => void)[] = [];

  constructor(private readonly problems: WorkspaceProblems) {}

  publish(uri: string, diagnostics: Diagnostic[]): void {
    // A file that never had findings and has none now is not worth a report.
    if (!diagnostics.length && !this.reports.has(uri)) return;
    this.reports.set(uri, { resultId: nextResultId('w'), diagnostics });
    this.notify();
  }

  /** Ends every waiting request (shutdown). */
  dispose(): void {
    this.closed = true;
    this.notify();
  }

  private closed = false;

  private notify(): void {
    for (const wake of this.wake.splice(0)) wake();
  }

  async answer(previousResultIds: { uri: string; value: string }[], token: CancellationToken, partial?: ResultProgressReporter<WorkspaceDiagnosticReportPartialResult>): Promise<WorkspaceDocumentDiagnosticReport[]> {
    const known = new Map(previousResultIds.map((p) => [p.uri, p.value]));
    const collected: WorkspaceDocumentDiagnosticReport[] = [];
    const take = (): WorkspaceDocumentDiagnosticReport[] => {
      const fresh: WorkspaceDocumentDiagnosticReport[] = [];
      for (const [uri, report] of this.reports) {
        if (known.get(uri) === report.resultId) continue;
        known.set(uri, report.resultId);
        fresh.push({ kind: DocumentDiagnosticReportKind.Full, uri, version: null, resultId: report.resultId, items: report.diagnostics });
      }
      return fresh;
    };
    let reported = false;
    for (;;) {
      if (token.isCancellationRequested || this.closed) return collected;
      const fresh = take();
      if (fresh.length && partial) {
        partial.report({ items: fresh });
        reported = true;
      } else collected.push(...fresh);
      if ((reported || collected.length) && !this.problems.busy) return collected;
      // Wait for a new finding, the end of the check under way, or the client's cancel.
      await new Promise<void>((resolve) => {
        const cancelled = token.onCancellationRequested(() => resolve());
        const wake = () => {
          cancelled.dispose();
          resolve();
        };
        this.wake.push(wake);
        if (this.problems.busy) this.problems.onceIdle(wake);
      });
    }
  }
}

/**
 * LSP pull diagnostics, for clients that ask for them (`textDocument.diagnostic` among their
 * capabilities): open documents are checked when the client pulls them, and unopened files are
 * reported through `workspace/diagnostic` once the client asks for it (until then they are pushed).
 */
export function registerPullDiagnostics(connection: Connection, scheduler: DiagnosticsScheduler, problems: WorkspaceProblems): { dispose(): void } {
  const reports = new WorkspaceReports(problems);
  let pulling = false;
  connection.languages.diagnostics.on(async ({ textDocument }, token) => {
    try {
      return { kind: DocumentDiagnosticReportKind.Full, resultId: nextResultId('d'), items: await scheduler.check(textDocument.uri, token) };
    } catch (error) {
      if (error instanceof CancelledError) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'The document changed while it was checked.', { retriggerRequest: true });
      throw error;
    }
  });
  connection.languages.diagnostics.onWorkspace(async ({ previousResultIds }, token, _progress, partial) => {
    if (!pulling) {
      pulling = true;
      problems.switchOutput(reports);
    }
    return { items: await reports.answer(previousResultIds, token, partial) };
  });
  return reports;
}
