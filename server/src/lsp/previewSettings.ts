import type { Connection } from 'vscode-languageserver';

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
