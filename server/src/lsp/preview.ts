import { CancellationToken, CancellationTokenSource, Connection, ResponseError } from 'vscode-languageserver';
import { CancelledError } from '../service/cancellation';
import { LanguageService } from '../service/languageService';
import { ExpressionEvaluator } from '../service/preview/evaluator';
import { previewMapping } from '../service/preview/preview';
import { PreviewMappingRequest } from '../protocol';

/** `interfaceStudio.preview.*` settings. */
export interface PreviewSettings {
  timeoutMs: number;
  memoryLimitMb: number;
}

export const defaultPreviewSettings: PreviewSettings = { timeoutMs: 2000, memoryLimitMb: 256 };

/** Reads the preview settings from the editor (falling back to the defaults when it has none). */
export async function readPreviewSettings(connection: Connection, uri: string): Promise<PreviewSettings> {
  try {
    const section = await Promise.race([
      connection.workspace.getConfiguration({ scopeUri: uri, section: 'interfaceStudio' }) as Promise<{ preview?: Partial<PreviewSettings> } | null>,
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 1000)),
    ]);
    const timeoutMs = Number(section?.preview?.timeoutMs);
    const memoryLimitMb = Number(section?.preview?.memoryLimitMb);
    return {
      timeoutMs: Number.isFinite(timeoutMs) && timeoutMs >= 50 ? timeoutMs : defaultPreviewSettings.timeoutMs,
      memoryLimitMb: Number.isFinite(memoryLimitMb) && memoryLimitMb >= 16 ? memoryLimitMb : defaultPreviewSettings.memoryLimitMb,
    };
  } catch {
    return defaultPreviewSettings;
  }
}

/**
 * `interfaceStudio/previewMapping`. A newer request for the same mapping cancels the one still
 * running (its worker is stopped), so a burst of edits costs one evaluation.
 */
export function registerPreview(connection: Connection, service: LanguageService, createEvaluator?: (memoryLimitMb: () => number) => ExpressionEvaluator): void {
  let current = defaultPreviewSettings;
  // Without a host that can start threads, nothing user-written is evaluated in the server process.
  const evaluator: ExpressionEvaluator = createEvaluator?.(() => current.memoryLimitMb) ?? {
    evaluate: async () => ({ ok: false, kind: 'error', message: 'this host cannot run mapping expressions', ms: 0 }),
  };
  const running = new Map<string, CancellationTokenSource>();
  connection.onRequest(PreviewMappingRequest, async (params, token: CancellationToken) => {
    running.get(params.uri)?.cancel();
    const source = new CancellationTokenSource();
    running.set(params.uri, source);
    const subscription = token.onCancellationRequested(() => source.cancel());
    try {
      current = await readPreviewSettings(connection, params.uri);
      const { timeoutMs } = current;
      const result = await previewMapping(service, params.uri, { sample: params.sample, evaluator, timeoutMs, trusted: params.trusted !== false }, source.token);
      return { ...result, output: result.output ?? null };
    } catch (error) {
      if (error instanceof CancelledError || source.token.isCancellationRequested) return new ResponseError(-32800, 'superseded by a newer preview');
      throw error;
    } finally {
      subscription.dispose();
      if (running.get(params.uri) === source) running.delete(params.uri);
    }
  });
}
