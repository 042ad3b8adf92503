/**
 * Draws one Mermaid diagram as SVG in a headless browser, for the interface document's HTML export
 * (server/src/node/mermaidSvg.ts loads this page from disk). The text comes from `#source`; the SVG
 * text goes into `#out` as text (the page never parses it), or the error into its `data-error`.
 */
import mermaid from 'mermaid';

const out = document.getElementById('out')!;
const source = document.getElementById('source')?.textContent ?? '';
mermaid.initialize({
  startOnLoad: false,
  securityLevel: 'strict',
  theme: 'default',
  sequence: { showSequenceNumbers: false, useMaxWidth: true },
  fontFamily: 'Arial, Helvetica, sans-serif',
});
mermaid.render('sequence-diagram', source).then(
  ({ svg }) => {
    out.textContent = svg;
    out.setAttribute('data-done', 'true');
  },
  (error: unknown) => {
    out.setAttribute('data-error', error instanceof Error ? error.message : String(error));
  },
);
