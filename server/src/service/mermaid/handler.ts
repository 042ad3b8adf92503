import { KindHandler } from '../languageService';
import { registerRules } from '../rules';
import { checkMermaid } from './check';

registerRules([
  { code: 'mermaid.syntax', severity: 'error', description: 'A Mermaid diagram (`*.mmd` file or a ```mermaid fence in Markdown) has a syntax error.',
    basis: "Mermaid's grammar: a diagram with a syntax error is not drawn." },
]);

/** Checks `*.mmd` files. */
export const mermaidKindHandler: KindHandler = {
  async diagnose(doc) {
    const findings = checkMermaid(doc.text).problems.map((p) => ({ uri: doc.uri, code: 'mermaid.syntax', message: p.message, offset: p.offset, length: p.length }));
    return { findings, dependencies: [] };
  },
};
