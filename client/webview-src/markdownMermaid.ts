// Runs in VS Code's Markdown preview: renders the diagrams the markdown-it plugin left as
// <div class="interface-studio-mermaid">text</div>, after every preview update, in the preview's theme.
import mermaid from 'mermaid';

let count = 0;

function theme(): 'default' | 'dark' | 'neutral' {
  const classes = document.body.classList;
  if (classes.contains('vscode-high-contrast-light')) return 'neutral';
  if (classes.contains('vscode-dark') || classes.contains('vscode-high-contrast')) return 'dark';
  return 'default';
}

async function renderAll(): Promise<void> {
  const blocks = [...document.querySelectorAll<HTMLElement>('div.interface-studio-mermaid:not([data-rendered])')];
  if (!blocks.length) return;
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: theme() });
  for (const block of blocks) {
    const source = block.textContent ?? '';
    block.setAttribute('data-rendered', 'true');
    const id = `interface-studio-mermaid-${++count}`;
    try {
      const { svg } = await mermaid.render(id, source);
      // eslint-disable-next-line no-restricted-syntax -- Mermaid returns its diagram only as SVG markup, sanitised by it (securityLevel: strict).
      block.innerHTML = svg;
    } catch (error) {
      document.getElementById(id)?.remove();
      document.getElementById(`d${id}`)?.remove();
      const message = document.createElement('pre');
      message.className = 'interface-studio-mermaid-error';
      message.textContent = `Mermaid: ${error instanceof Error ? error.message : String(error)}\n\n${source}`;
      message.style.color = 'var(--vscode-errorForeground)';
      block.replaceChildren(message);
    }
  }
}

window.addEventListener('vscode.markdown.updateContent', () => void renderAll());
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void renderAll());
else void renderAll();
