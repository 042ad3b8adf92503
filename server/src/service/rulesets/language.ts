import { CompletionItem, CompletionItemKind, Hover, MarkupKind } from 'vscode-languageserver-types';
import type { ParsedDocument } from '../documents';
import { findNodeAtOffset, pathOfNode } from '../parser/ast';
import { CORE_FUNCTIONS } from './coreFunctions';
import { SPECTRAL_OAS } from './spectralOas';
import { OWASP_PACKAGE, OWASP_RULESET } from './owaspRuleset';

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

type BuiltinRule = { description?: string; message?: string; recommended?: boolean; severity?: unknown; formats?: string[] };
const oasRules = SPECTRAL_OAS.rules as unknown as Record<string, BuiltinRule>;
const owaspRules = OWASP_RULESET.rules as unknown as Record<string, BuiltinRule>;
/** The rules of the built-in rulesets, with the name of the ruleset each comes from. */
const builtinRules: [string, BuiltinRule, string][] = [
  ...Object.entries(oasRules).map(([n, r]): [string, BuiltinRule, string] => [n, r, 'spectral:oas']),
  ...Object.entries(owaspRules).map(([n, r]): [string, BuiltinRule, string] => [n, r, 'OWASP']),
];

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
    return [
      { label: 'spectral:oas', kind: CompletionItemKind.Module, documentation: "Spectral's OpenAPI ruleset." },
      { label: OWASP_PACKAGE, kind: CompletionItemKind.Module, documentation: 'The OWASP API Security Top 10 (2023) ruleset.', insertText: `"${OWASP_PACKAGE}"` },
    ];
  }
  if (/^\s*["']?[\w-]*$/.test(line) && parents[0]?.key === 'functionOptions') {
    const thenBlock = doc.text.slice(doc.text.lastIndexOf('\n', offset - line.length - 1));
    const before = doc.text.slice(0, offset);
    const fnName = /function\s*:\s*["']?(\w+)/.exec(before.slice(before.lastIndexOf('then')))?.[1] ?? /function\s*:\s*["']?(\w+)/.exec(thenBlock)?.[1];
    const fn = CORE_FUNCTIONS.find((f) => f.name === fnName);
    return Object.entries(fn?.options ?? {}).map(([name, documentation]) => ({ label: name, kind: CompletionItemKind.Property, documentation, insertText: `${name}: ` }));
  }
  if (/^\s*["']?[\w$-]*$/.test(line) && parents[0]?.key === 'rules' && parents.length === 1) {
    return builtinRules.map(([name, rule, from]) => ({
      label: name,
      kind: CompletionItemKind.Field,
      detail: `${from}${rule.recommended === false ? '' : ' (recommended)'}`,
      documentation: rule.description ?? rule.message,
      insertText: /^[\w-]+$/.test(name) ? `${name}: ` : `"${name}": `,
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
    const builtin = builtinRules.find(([n]) => n === name);
    const text = own?.description ?? own?.message ?? (builtin ? `${builtin[1].description ?? builtin[1].message} (${builtin[2]}${builtin[1].recommended === false ? ', not recommended' : ''})` : undefined);
    if (!text) return undefined;
    return { contents: { kind: MarkupKind.Markdown, value: `**${name}**\n\n${text}` }, range: doc.lines.rangeOf(node.keyOffset, node.keyLength) };
  }
  if (node.key === 'function' && typeof node.value === 'string' && FUNCTION_DESCRIPTIONS[node.value]) {
    return { contents: { kind: MarkupKind.Markdown, value: `**${node.value}**: ${FUNCTION_DESCRIPTIONS[node.value]}` }, range: doc.lines.rangeOf(node.offset, node.length) };
  }
  return undefined;
}
