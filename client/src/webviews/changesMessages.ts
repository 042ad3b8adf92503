/**
 * The messages between the change report panel (extension side) and its page (browser side).
 * Both sides check every incoming message's shape before using it.
 */
import type { ChangeReport } from '../../../server/src/protocol';

/** Extension → page. */
export type ToChangesPage =
  | { type: 'report'; title: string; report: ChangeReport }
  | { type: 'busy'; title: string };

/** Which place of which change the user clicked: the old version, the current one, or an impact. */
export type ChangesLink = { change: number; side: 'old' | 'new' } | { change: number; side: 'impact'; impact: number };

/** Page → extension. */
export type FromChangesPage =
  | { type: 'ready' }
  | { type: 'reveal'; link: ChangesLink }
  | { type: 'copyMarkdown' }
  | { type: 'pickRevision' };

const index = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

/** A message from the page, or undefined when it is not one the panel understands. */
export function parseChangesMessage(value: unknown): FromChangesPage | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'copyMarkdown':
    case 'pickRevision':
      return { type: m.type };
    case 'reveal': {
      const link = m.link as Record<string, unknown> | undefined;
      if (!link || !index(link.change)) return undefined;
      if (link.side === 'old' || link.side === 'new') return { type: 'reveal', link: { change: link.change, side: link.side } };
      if (link.side === 'impact' && index(link.impact)) return { type: 'reveal', link: { change: link.change, side: 'impact', impact: link.impact } };
      return undefined;
    }
    default:
      return undefined;
  }
}

/** A message from the extension, checked by the page before it draws anything. */
export function parseToChangesPage(value: unknown): ToChangesPage | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const m = value as Record<string, unknown>;
  if (typeof m.title !== 'string') return undefined;
  if (m.type === 'busy') return { type: 'busy', title: m.title };
  const report = m.report as ChangeReport | undefined;
  if (m.type !== 'report' || !report || !Array.isArray(report.changes) || typeof report.markdown !== 'string') return undefined;
  return { type: 'report', title: m.title, report };
}
