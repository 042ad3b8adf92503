/**
 * The messages between the mapping preview panel (extension side) and its page (browser side).
 * Both sides check every incoming message's shape before using it.
 */
import type { PreviewMappingResult } from '../../../server/src/protocol';

export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** Extension → page. */
export type ToPreviewPage =
  | { type: 'result'; version: number; mappingUri: string; mappingLabel: string; sampleUri?: string; result: PreviewMappingResult }
  | { type: 'busy'; version: number }
  | { type: 'error'; version: number; message: string };

/** Page → extension. */
export type FromPreviewPage =
  | { type: 'ready' }
  | { type: 'selectSample'; uri: string }
  | { type: 'pickSample' }
  | { type: 'reveal'; range: LspRange }
  | { type: 'acceptExpected' }
  | { type: 'refresh' };

/** What the page keeps across reloads (webview state), and the panel serializer restores from. */
export interface PreviewPageState {
  mappingUri: string;
  sampleUri?: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function isPosition(value: unknown): boolean {
  return isObject(value) && Number.isInteger(value.line) && Number.isInteger(value.character) && (value.line as number) >= 0 && (value.character as number) >= 0;
}

export function isRange(value: unknown): value is LspRange {
  return isObject(value) && isPosition(value.start) && isPosition(value.end);
}

export function isFromPreviewPage(message: unknown): message is FromPreviewPage {
  if (!isObject(message)) return false;
  switch (message.type) {
    case 'ready':
    case 'pickSample':
    case 'acceptExpected':
    case 'refresh':
      return true;
    case 'selectSample':
      return typeof message.uri === 'string' && message.uri.length < 4096;
    case 'reveal':
      return isRange(message.range);
    default:
      return false;
  }
}

export function isToPreviewPage(message: unknown): message is ToPreviewPage {
  if (!isObject(message) || !Number.isInteger(message.version)) return false;
  switch (message.type) {
    case 'busy':
      return true;
    case 'error':
      return typeof message.message === 'string';
    case 'result': {
      const r = message.result;
      return typeof message.mappingUri === 'string' && typeof message.mappingLabel === 'string' && isObject(r)
        && Array.isArray(r.trace) && Array.isArray(r.sourceViolations) && Array.isArray(r.targetViolations) && typeof r.ms === 'number'
        && r.trace.every((t) => isObject(t) && typeof t.target === 'string' && isRange(t.range));
    }
    default:
      return false;
  }
}

export function isPreviewPageState(value: unknown): value is PreviewPageState {
  return isObject(value) && typeof value.mappingUri === 'string' && (value.sampleUri === undefined || typeof value.sampleUri === 'string');
}
