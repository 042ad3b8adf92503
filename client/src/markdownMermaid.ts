import * as vscode from 'vscode';
import type MarkdownIt from 'markdown-it';
import { checkMarkdownMermaid } from '../../server/src/service/mermaid/check';

const CHECK_DELAY_MS = 300;

/** A markdown-it plugin for VS Code's Markdown preview: ```mermaid fences become diagrams (rendered by markdownMermaid.js). */
export function mermaidMarkdownIt(md: MarkdownIt): MarkdownIt {
  const fence = md.renderer.rules.fence;
  md.renderer.rules.fence = (tokens, index, options, env, self) => {
    const token = tokens[index];
    if (token.info.trim().split(/\s+/)[0].toLowerCase() === 'mermaid') {
      // The diagram text stays text (escaped); the preview script hands it to Mermaid with securityLevel strict.
      return `<div class="interface-studio-mermaid">${md.utils.escapeHtml(token.content)}</div>\n`;
    }
    return fence ? fence(tokens, index, options, env, self) : self.renderToken(tokens, index, options);
  };
  return md;
}

/** Syntax errors of ```mermaid fences in Markdown documents, as diagnostics on the fence's lines. */
function registerMarkdownMermaidDiagnostics(context: vscode.ExtensionContext): void {
  const collection = vscode.languages.createDiagnosticCollection('interface-studio-mermaid');
  const timers = new Map<string, NodeJS.Timeout>();
  const check = (document: vscode.TextDocument): void => {
    if (document.languageId !== 'markdown') return;
    const text = document.getText();
    const diagnostics = checkMarkdownMermaid(text).map((p) => {
      const range = new vscode.Range(document.positionAt(p.offset), document.positionAt(p.offset + p.length));
      const diagnostic = new vscode.Diagnostic(range, p.message, vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'interface-studio';
      diagnostic.code = 'mermaid.syntax';
      return diagnostic;
    });
    collection.set(document.uri, diagnostics);
  };
  const schedule = (document: vscode.TextDocument): void => {
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => { timers.delete(key); check(document); }, CHECK_DELAY_MS));
  };
  context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => collection.delete(d.uri)),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
  vscode.workspace.textDocuments.forEach(check);
}

/** Mermaid in Markdown: the preview plugin (returned from activate) and the fence diagnostics. */
export function registerMarkdownMermaid(context: vscode.ExtensionContext): { extendMarkdownIt(md: MarkdownIt): MarkdownIt } {
  registerMarkdownMermaidDiagnostics(context);
  return { extendMarkdownIt: mermaidMarkdownIt };
}
