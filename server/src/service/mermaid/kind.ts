import type { KindDefinition } from '../kinds';
import type { RuleInfo } from '../rules';
import { checkMarkdownMermaid, checkMermaid } from './check';
import { mermaidFileDiagram } from './diagram';

const MERMAID_RULES: readonly RuleInfo[] = [
  { code: 'mermaid.syntax', severity: 'error', description: 'A Mermaid diagram (`*.mmd` file or a ```mermaid fence in Markdown) has a syntax error.',
    basis: "Mermaid's grammar: a diagram with a syntax error is not drawn." },
];

/** Mermaid files (`*.mmd`): their syntax checked, their sequence diagrams shown. */
export function mermaidKind(): KindDefinition {
  return {
    id: 'mermaid',
    fileNames: ['*.mmd'],
    plainText: true,
    label: () => 'Mermaid',
    rules: MERMAID_RULES,
    features: {
      async diagnose({ doc }) {
        const findings = checkMermaid(doc.text).problems.map((p) => ({ uri: doc.uri, code: 'mermaid.syntax', message: p.message, offset: p.offset, length: p.length }));
        return { findings, dependencies: [] };
      },
    },
    requests: [
      { method: 'interfaceStudio/sequenceDiagram', target: 'document', handle: async (_service, _params, _token, doc) => mermaidFileDiagram(doc!) },
    ],
  };
}

/** Markdown documents: the syntax of their ```mermaid fences, as VS Code's Markdown preview draws them with our plugin. */
export function markdownKind(): KindDefinition {
  return {
    id: 'markdown',
    fileNames: ['*.md', '*.markdown'],
    plainText: true,
    label: () => 'Markdown',
    features: {
      async diagnose({ doc }) {
        const findings = checkMarkdownMermaid(doc.text).map((p) => ({ uri: doc.uri, code: 'mermaid.syntax', message: p.message, offset: p.offset, length: p.length }));
        return { findings, dependencies: [] };
      },
    },
  };
}
