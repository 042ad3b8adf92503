import type MarkdownIt from 'markdown-it';

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

/** Mermaid in Markdown's preview (returned from activate); the language server checks the fences' syntax. */
export function registerMarkdownMermaid(): { extendMarkdownIt(md: MarkdownIt): MarkdownIt } {
  return { extendMarkdownIt: mermaidMarkdownIt };
}
