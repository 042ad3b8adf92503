/**
 * The messages between the API reference panel (extension side) and its page (browser side).
 * Both sides check every incoming message's shape before using it; the page names source places
 * by an index into the model's files, never by a URI of its own.
 */
import type { ApiReferenceDetails, ApiReferenceModel, ApiSourceAt } from '../../../server/src/protocol';

/** Extension → page. */
export type ToApiReferencePage =
  | { type: 'model'; version: number; specUri: string; model: ApiReferenceModel }
  | { type: 'details'; version: number; details: ApiReferenceDetails }
  | { type: 'busy'; version: number }
  | { type: 'error'; version: number; message: string };

/** Page → extension. */
export type FromApiReferencePage =
  | { type: 'ready' }
  | { type: 'reveal'; at: ApiSourceAt }
  /** The details of operations (by index) and schemas (by key) of the outline of that revision. */
  | { type: 'details'; revision: string; operations: number[]; schemas: string[] };

/** What the page keeps across reloads (webview state), and the panel serializer restores from. */
export interface ApiReferencePageState {
  specUri: string;
  /** Operations and tags the reader had open, and the search. */
  open?: string[];
  query?: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

export function isSourceAt(value: unknown): value is ApiSourceAt {
  return Array.isArray(value) && value.length === 3 && value.every((n) => Number.isInteger(n) && n >= 0);
}

export function isFromApiReferencePage(message: unknown): message is FromApiReferencePage {
  if (!isObject(message)) return false;
  if (message.type === 'ready') return true;
  if (message.type === 'details') {
    return typeof message.revision === 'string' && Array.isArray(message.operations) && message.operations.every((n) => Number.isInteger(n) && n >= 0)
      && Array.isArray(message.schemas) && message.schemas.every((k) => typeof k === 'string');
  }
  return message.type === 'reveal' && isSourceAt(message.at);
}

export function isToApiReferencePage(message: unknown): message is ToApiReferencePage {
  if (!isObject(message) || !Number.isInteger(message.version)) return false;
  switch (message.type) {
    case 'busy':
      return true;
    case 'error':
      return typeof message.message === 'string';
    case 'details': {
      const d = message.details;
      return isObject(d) && typeof d.revision === 'string' && Array.isArray(d.files) && Array.isArray(d.operations) && isObject(d.schemas);
    }
    case 'model': {
      const m = message.model;
      return typeof message.specUri === 'string' && isObject(m) && Array.isArray(m.files) && Array.isArray(m.operations) && Array.isArray(m.tags)
        && isObject(m.info) && isObject(m.schemas) && isObject(m.components) && Array.isArray(m.problems) && Array.isArray(m.servers);
    }
    default:
      return false;
  }
}

export function isApiReferencePageState(value: unknown): value is ApiReferencePageState {
  return isObject(value) && typeof value.specUri === 'string'
    && (value.open === undefined || (Array.isArray(value.open) && value.open.every((o) => typeof o === 'string')))
    && (value.query === undefined || typeof value.query === 'string');
}
