import { Diagnostic, Range } from 'vscode-languageserver-types';
import { Configuration, defaultConfiguration } from '../../server/src/service/configuration';
import { createLanguageService } from '../../server/src/service/builtinKinds';
import type { LanguageService } from '../../server/src/service/languageService';
import { InMemoryWorkspace } from '../../server/src/service/workspace';
import { LineIndex } from '../../server/src/service/lineIndex';

export const WS = 'file:///ws/';

/** A language service over in-memory files (paths relative to file:///ws/). */
export function serviceFor(files: Record<string, string>, configuration: Partial<Configuration> = {}): { service: LanguageService; workspace: InMemoryWorkspace } {
  const workspace = new InMemoryWorkspace(Object.fromEntries(Object.entries(files).map(([path, text]) => [WS + path, text])));
  const service = createLanguageService({ workspace, configuration: () => ({ ...defaultConfiguration, ...configuration }) });
  return { service, workspace };
}

/** The diagnostics of one file among in-memory files. */
export async function diagnose(files: Record<string, string>, path: string, configuration: Partial<Configuration> = {}): Promise<Diagnostic[]> {
  return serviceFor(files, configuration).service.diagnose(WS + path);
}

/** The range of the n-th occurrence of a snippet in a text (what a person would see underlined). */
export function rangeOf(text: string, snippet: string, occurrence = 0): Range {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(snippet, index + 1);
    if (index === -1) throw new Error(`"${snippet}" (occurrence ${occurrence}) is not in the text`);
  }
  return new LineIndex(text).rangeOf(index, snippet.length);
}

/** Diagnostics reduced to what a person reads: code, range and message. */
export function summary(diagnostics: Diagnostic[]): { code: string; range: Range; message: string }[] {
  return diagnostics.map((d) => ({ code: String(d.code), range: d.range, message: String(d.message) }));
}

export function withCode(diagnostics: Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}
