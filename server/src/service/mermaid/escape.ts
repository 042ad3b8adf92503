/**
 * Text from a flow file placed into Mermaid source. Characters that end a Mermaid statement or
 * start a comment (`;`, `#`, `%`, a line break), that end an alias (`:`, `,`, `@`) or that could be
 * read as markup (`<`, `>`, `&`, `"`) become Mermaid entity codes (`#59;`), which Mermaid turns
 * back into the character as text after parsing: a label can neither break the diagram nor inject markup.
 */
export function mermaidText(text: string, context: 'message' | 'alias' = 'message'): string {
  const special = context === 'alias' ? /[#;%<>&":,@]/g : /[#;%<>&"]/g;
  let out = text.replace(/\r\n?|\n/g, ' ').replace(special, (c) => `#${c.charCodeAt(0)};`);
  // A leading "wrap"/"nowrap" would be read as a text-wrapping directive; so would leading spaces be trimmed.
  out = out.replace(/^(no)?wrap/i, (word) => `#${word.charCodeAt(0)};${word.slice(1)}`);
  return out.trim();
}

/** Whether a participant id can be written into Mermaid source as it is. */
export function isPlainMermaidId(id: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(id) && !MERMAID_KEYWORDS.has(id.toLowerCase());
}

const MERMAID_KEYWORDS = new Set([
  'participant', 'actor', 'as', 'loop', 'alt', 'else', 'opt', 'par', 'and', 'end', 'note', 'over', 'activate', 'deactivate',
  'critical', 'option', 'break', 'rect', 'box', 'create', 'destroy', 'title', 'autonumber', 'link', 'links', 'left', 'right',
  'sequencediagram', 'off', 'properties', 'details', 'par_over', 'wrap', 'nowrap',
]);
