import { CompletionItem, CompletionItemKind, Hover, MarkupKind } from 'vscode-languageserver-types';
import type { ParsedDocument } from '../documents';
import { findNodeAtOffset, pathOfNode } from '../parser/ast';
import { CORE_FUNCTIONS } from './coreFunctions';
import { SPECTRAL_OAS } from './spectralOas';

const FUNCTION_DESCRIPTIONS: Record<string, string> = {
  alphabetical: 'The array or object keys are in alphabetical order (`keyedBy` for arrays of objects).',
  casing: 'The text is in a casing: flat, camel, pascal, kebab, cobol, snake or macro.',
  defined: 'The value is defined.',
  enumeration: 'The value is one of `values`.',
  falsy: 'The value is falsy (missing, false, 0, "" or null).',
  length: 'The length of a text, array or object (or a number) is within `min` and `max`.',
  or: 'At least one of `properties` is present.',
  pattern: 'The text matches `match` and does not match `notMatch`.',
  schema: 'The value matches a JSON Schema (drafts 4 to 2020-12).',
  truthy: 'The value is truthy (present, not false, 0, "" or null).',
  undefined: 'The value is not present.',
  xor: 'Exactly one of `properties` is present.',
};

const oasRules = SPECTRAL_OAS.rules as unknown as Record<string, { description?: string; message?: string; recommended?: boolean; severity?: unknown; formats?: string[] }>;

/** The lines before the cursor, read upward for the keys that enclose it (YAML rulesets). */
function enclosingKeys(text: string, offset: number): { line: string; parents: { indent: number; key: string; value: string }[] } {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = text.slice(lineStart, offset);
  const indent = /^\s*/.exec(line)![0].length;
  const parents: { indent: number; key: string; value: string }[] = [];
  let limit = indent;
  for (const previous of text.slice(0, lineStart).split('\n').reverse()) {
    const m = /^(\s*)(?:- )?["']?([^"':#]+)["']?\s*:\s*(.*)$/.exec(previous);
    if (!m || !previous.trim()) continue;
    if (m[1].length < limit) {
      parents.push({ indent: m[1].length, key: m[2].trim(), value: m[3].trim() });
      limit = m[1].length;
      if (limit === 0) break;
    }
  }
  return { line, parents };
}

/** Completion in a ruleset: function names, their options, `spectral:oas` rule names, rulesets to extend. */
export async function rulesetCompletion(doc: ParsedDocument, offset: number): Promise<CompletionItem[]> {
  const { line, parents } = enclosingKeys(doc.text, offset);
  if (/^\s*"?function"?\s*:\s*["']?[\w-]*$/.test(line)) {
    return CORE_FUNCTIONS.map((f) => ({ label: f.name, kind: CompletionItemKind.Function, documentation: FUNCTION_DESCRIPTIONS[f.name] }));
  }
  if (/^\s*(?:-\s*)?["']?[\w:-]*$/.test(line) && /extends/.test(parents[0]?.key ?? '') || /^\s*extends\s*:\s*\[*["']?[\w:]*$/.test(line)) {
    return [{ label: 'spectral:oas', kind: CompletionItemKind.Module, documentation: "Spectral's OpenAPI ruleset." }];
  }
  if (/^\s*["']?[\w-]*$/.test(line) && parents[0]?.key === 'functionOptions') {
    const thenBlock = doc.text.slice(doc.text.lastIndexOf('\n', offset - line.length - 1));
    const before = doc.text.slice(0, offset);
    const fnName = /function\s*:\s*["']?(\w+)/.exec(before.slice(before.lastIndexOf('then')))?.[1] ?? /function\s*:\s*["']?(\w+)/.exec(thenBlock)?.[1];
    const fn = CORE_FUNCTIONS.find((f) => f.name === fnName);
    return Object.entries(fn?.options ?? {}).map(([name, documentation]) => ({ label: name, kind: CompletionItemKind.Property, documentation, insertText: `${name}: ` }));
  }
  if (/^\s*["']?[\w$-]*$/.test(line) && parents[0]?.key === 'rules' && parents.length === 1) {
    return Object.entries(oasRules).map(([name, rule]) => ({
      label: name,
      kind: CompletionItemKind.Field,
      detail: `spectral:oas${rule.recommended === false ? '' : ' (recommended)'}`,
      documentation: rule.description ?? rule.message,
      insertText: `${name}: `,
    }));
  }
  return [];
}

/** Hover on a rule name: its description (its own, or `spectral:oas`'s); on a function name: what it checks. */
export async function rulesetHover(doc: ParsedDocument, offset: number): Promise<Hover | undefined> {
  const node = findNodeAtOffset(doc.parse.root, offset);
  if (!node) return undefined;
  const path = pathOfNode(node);
  const onKey = node.keyOffset >= 0 && offset >= node.keyOffset && offset <= node.keyOffset + node.keyLength;
  if (path.length === 2 && path[0] === 'rules' && onKey) {
    const name = String(path[1]);
    const own = node.type === 'object' ? (doc.parse.value as { rules: Record<string, { description?: string; message?: string }> }).rules[name] : undefined;
    const oas = oasRules[name];
    const text = own?.description ?? own?.message ?? (oas ? `${oas.description ?? oas.message} (spectral:oas${oas.recommended === false ? ', not recommended' : ''})` : undefined);
    if (!text) return undefined;
    return { contents: { kind: MarkupKind.Markdown, value: `**${name}**\n\n${text}` }, range: doc.lines.rangeOf(node.keyOffset, node.keyLength) };
  }
  if (node.key === 'function' && typeof node.value === 'string' && FUNCTION_DESCRIPTIONS[node.value]) {
    return { contents: { kind: MarkupKind.Markdown, value: `**${node.value}**: ${FUNCTION_DESCRIPTIONS[node.value]}` }, range: doc.lines.rangeOf(node.offset, node.length) };
  }
  return undefined;
}
