import type { CompletionItem, Connection } from 'vscode-languageserver';
import type { LanguageService } from '../service/languageService';
import { answer, positionRequest } from './requests';

/** Which kind made an item, so resolve goes back to it. */
interface ItemData {
  kind: string;
  data?: unknown;
}

/** Completion: the document's own kind, plus what kinds offer everywhere (team snippets); resolve goes back to the item's kind. */
export function registerCompletion(connection: Connection, service: LanguageService): void {
  connection.onCompletion(({ textDocument, position }, token) => answer(token, async () => {
    const request = await positionRequest(service, textDocument.uri, position, token);
    const doc = request?.doc ?? (await service.getDocument(textDocument.uri));
    if (!doc) return { isIncomplete: false, items: [] };
    const items: CompletionItem[] = [];
    const own = request && (await request.kind.features?.completion?.(request));
    for (const item of own ?? []) items.push({ ...item, data: { kind: request!.kind.id, data: item.data } satisfies ItemData });
    const anywhere = { service, doc, token, position, offset: doc.lines.offsetAt(position) };
    for (const kind of service.kinds.all()) for (const item of (await kind.everywhere?.completion?.(anywhere)) ?? []) items.push(item);
    return { isIncomplete: false, items };
  }));
  connection.onCompletionResolve(async (item) => {
    const tagged = item.data as ItemData | undefined;
    const kind = tagged?.kind !== undefined ? service.kinds.get(tagged.kind) : undefined;
    if (!kind?.features?.resolveCompletion) return item;
    return { ...(await kind.features.resolveCompletion(service, { ...item, data: tagged!.data })), data: item.data };
  });
}
