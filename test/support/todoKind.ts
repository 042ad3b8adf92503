import { CodeActionKind, CompletionItemKind, SymbolKind } from 'vscode-languageserver-types';
import type { KindDefinition } from '../../server/src/service/kinds';
import { RenameRefused } from '../../server/src/service/kinds';
import type { ParsedDocument } from '../../server/src/service/documents';
import type { AstNode } from '../../server/src/service/parser/ast';
import { findNodeAtOffset } from '../../server/src/service/parser/ast';

/**
 * A small kind of its own, registered only by the tests: to-do lists (`*.todo.yaml`), a list of
 * `{ task, owner?, after? }` where `after` names another task. It offers every feature a kind can.
 */
interface Task {
  name: string;
  node: AstNode;
  item: AstNode;
  owner?: string;
  after?: AstNode;
}

function tasksOf(doc: ParsedDocument): Task[] {
  const root = doc.parse.root;
  if (root?.type !== 'array') return [];
  return (root.children ?? []).flatMap((item) => {
    const task = item.children?.find((c) => c.key === 'task');
    if (!task || typeof task.value !== 'string') return [];
    const owner = item.children?.find((c) => c.key === 'owner');
    const after = item.children?.find((c) => c.key === 'after');
    return [{ name: task.value, node: task, item, owner: typeof owner?.value === 'string' ? owner.value : undefined, after }];
  });
}

/** The task name under an offset: a task's own name, or the name an `after` points to. */
function taskNameAt(doc: ParsedDocument, offset: number): { name: string; node: AstNode } | undefined {
  const node = findNodeAtOffset(doc.parse.root, offset);
  if (!node || typeof node.value !== 'string' || (node.key !== 'task' && node.key !== 'after') || offset < node.offset) return undefined;
  return { name: node.value, node };
}

export const OWNERS = ['ann', 'bob'];

export function todoKind(): KindDefinition {
  return {
    id: 'todo',
    fileNames: ['*.todo.yaml'],
    label: () => 'To-do list',
    rules: [
      { code: 'todo.owner.missing', severity: 'warning', description: 'A task has no owner.', basis: 'A house rule of the test: someone does each task.' },
      { code: 'todo.after.unknown', severity: 'error', description: '`after` names no task of the list.', basis: 'A task can only follow one that exists.' },
    ],
    completionTriggers: ['@'],
    features: {
      async diagnose({ doc }) {
        const tasks = tasksOf(doc);
        const names = new Set(tasks.map((t) => t.name));
        const findings = [];
        for (const task of tasks) {
          if (!task.owner) findings.push({ uri: doc.uri, code: 'todo.owner.missing', message: `\`${task.name}\` has no owner.`, offset: task.node.offset, length: task.node.length, data: { task: task.name } });
          if (task.after && !names.has(String(task.after.value))) findings.push({ uri: doc.uri, code: 'todo.after.unknown', message: `No task \`${String(task.after.value)}\`.`, offset: task.after.offset, length: task.after.length });
        }
        return { findings, dependencies: [] };
      },
      async completion() {
        return OWNERS.map((owner) => ({ label: owner, kind: CompletionItemKind.Value, data: { owner } }));
      },
      async resolveCompletion(_service, item) {
        return { ...item, detail: `owner ${(item.data as { owner: string }).owner}` };
      },
      async hover({ doc, offset }) {
        const at = taskNameAt(doc, offset);
        const task = at && tasksOf(doc).find((t) => t.name === at.name);
        return task ? { contents: `Task **${task.name}**, owned by ${task.owner ?? 'nobody'}` } : undefined;
      },
      async definition({ doc, offset }) {
        const at = taskNameAt(doc, offset);
        const task = at && tasksOf(doc).find((t) => t.name === at.name);
        return task ? [{ uri: doc.uri, range: doc.lines.rangeOf(task.node.offset, task.node.length) }] : [];
      },
      async references({ doc, offset, includeDeclaration }) {
        const at = taskNameAt(doc, offset);
        if (!at) return [];
        return tasksOf(doc).flatMap((t) => [
          ...(includeDeclaration && t.name === at.name ? [t.node] : []),
          ...(t.after?.value === at.name ? [t.after] : []),
        ]).map((n) => ({ uri: doc.uri, range: doc.lines.rangeOf(n.offset, n.length) }));
      },
      async prepareRename({ doc, offset }) {
        const at = taskNameAt(doc, offset);
        if (!at) throw new RenameRefused('Only a task name can be renamed.');
        return { range: doc.lines.rangeOf(at.node.offset, at.node.length), placeholder: at.name };
      },
      async rename({ doc, offset, newName }) {
        const at = taskNameAt(doc, offset);
        if (!at) throw new RenameRefused('Only a task name can be renamed.');
        const nodes = tasksOf(doc).flatMap((t) => [t.node, ...(t.after ? [t.after] : [])]).filter((n) => n.value === at.name);
        return { changes: { [doc.uri]: nodes.map((n) => ({ range: doc.lines.rangeOf(n.offset, n.length), newText: newName })) } };
      },
      async codeLenses({ doc }) {
        const tasks = tasksOf(doc);
        return tasks.length ? [{ range: doc.lines.rangeOf(0, 0), command: { title: `${tasks.length} tasks`, command: '' } }] : [];
      },
      async codeActions({ doc, diagnostics }) {
        return diagnostics.filter((d) => d.code === 'todo.owner.missing').map((d) => {
          const task = tasksOf(doc).find((t) => t.name === (d.data as { task: string }).task)!;
          const end = doc.lines.positionAt(task.node.offset + task.node.length);
          const indent = ' '.repeat(doc.lines.positionAt(task.node.keyOffset).character);
          return { title: `Give ${task.name} to ${OWNERS[0]}`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: { changes: { [doc.uri]: [{ range: { start: end, end }, newText: `\n${indent}owner: ${OWNERS[0]}` }] } } };
        });
      },
      async documentSymbols({ doc }) {
        return tasksOf(doc).map((t) => {
          const range = doc.lines.rangeOf(t.item.offset, t.item.length);
          return { name: t.name, kind: SymbolKind.Event, range, selectionRange: doc.lines.rangeOf(t.node.offset, t.node.length) };
        });
      },
    },
    async workspaceSymbols(service, query) {
      const result = [];
      for (const uri of await service.workspace.listFiles()) {
        const doc = await service.getDocument(uri);
        if (doc?.kind.kind !== 'todo') continue;
        for (const t of tasksOf(doc)) if (t.name.includes(query)) result.push({ name: t.name, kind: SymbolKind.Event, location: { uri, range: doc.lines.rangeOf(t.node.offset, t.node.length) } });
      }
      return result;
    },
    requests: [
      {
        method: 'interfaceStudio/todoOpenTasks',
        target: 'document',
        handle: async (_service, _params, _token, doc) => ({ open: tasksOf(doc!).length }),
      },
    ],
  };
}
