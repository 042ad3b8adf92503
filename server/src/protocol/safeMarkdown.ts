/**
 * Markdown of descriptions (CommonMark's everyday subset: paragraphs, headings, lists, quotes,
 * code, emphasis, links) read into a small tree that can only say safe things: raw HTML stays
 * text, links go only to http(s), mailto or an anchor, and images become links (nothing remote is
 * loaded). The API reference panel builds DOM nodes from the tree; the interface document writes it
 * as escaped HTML. Shared by client and server, free of DOM and Node imports.
 */
export type MdInline = string | { tag: 'code' | 'em' | 'strong' | 'br'; children?: MdInline[] } | { tag: 'a'; href: string; children: MdInline[] };
export type MdBlock =
  | { tag: 'p' | 'h'; level?: number; children: MdInline[] }
  | { tag: 'pre'; text: string }
  | { tag: 'ul' | 'ol'; items: MdBlock[][] }
  | { tag: 'blockquote'; children: MdBlock[] }
  | { tag: 'hr' };

/** A link target we may follow: absolute http(s) and mailto, or an anchor in the page. */
export function safeHref(url: string): string | undefined {
  const trimmed = url.trim();
  if (/^(https?:\/\/|mailto:)/i.test(trimmed) || /^#[\w-]*$/.test(trimmed)) return trimmed;
  return undefined;
}

const LIST_ITEM = /^(\s{0,3})([-*+]|\d{1,9}[.)])\s+(.*)$/;

export function parseMarkdown(text: string, depth = 0): MdBlock[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: MdBlock[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length) blocks.push({ tag: 'p', children: parseInline(paragraph.join('\n')) });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^\s{0,3}(```+|~~~+)/.exec(line);
    if (fence) {
      flush();
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i].trimStart().startsWith(fence[1]); i++) body.push(lines[i]);
      blocks.push({ tag: 'pre', text: body.join('\n') });
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      blocks.push({ tag: 'h', level: heading[1].length, children: parseInline(heading[2]) });
      continue;
    }
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flush();
      blocks.push({ tag: 'hr' });
      continue;
    }
    if (/^ {4,}|^\t/.test(line) && !paragraph.length) {
      const body: string[] = [];
      for (; i < lines.length && (/^ {4,}|^\t/.test(lines[i]) || !lines[i].trim()); i++) body.push(lines[i].replace(/^ {4}|^\t/, ''));
      i--;
      blocks.push({ tag: 'pre', text: body.join('\n').replace(/\n+$/, '') });
      continue;
    }
    if (/^\s{0,3}>/.test(line) && depth < 8) {
      flush();
      const body: string[] = [];
      for (; i < lines.length && /^\s{0,3}>/.test(lines[i]); i++) body.push(lines[i].replace(/^\s{0,3}>\s?/, ''));
      i--;
      blocks.push({ tag: 'blockquote', children: parseMarkdown(body.join('\n'), depth + 1) });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item && depth < 8) {
      flush();
      const ordered = /\d/.test(item[2]);
      const items: string[][] = [];
      for (; i < lines.length; i++) {
        const next = LIST_ITEM.exec(lines[i]);
        if (next && /\d/.test(next[2]) === ordered && next[1].length <= item[1].length) items.push([next[3]]);
        else if (lines[i].trim() && (/^\s/.test(lines[i]) || !LIST_ITEM.test(lines[i])) && items.length && !/^\s{0,3}(#|```|~~~|>)/.test(lines[i])) items[items.length - 1].push(lines[i].replace(/^\s{1,4}/, ''));
        else if (!lines[i].trim() && i + 1 < lines.length && /^\s{2,}\S/.test(lines[i + 1])) items[items.length - 1].push('');
        else break;
      }
      i--;
      blocks.push({ tag: ordered ? 'ol' : 'ul', items: items.map((lines) => parseMarkdown(lines.join('\n'), depth + 1)) });
      continue;
    }
    paragraph.push(line.trim());
  }
  flush();
  return blocks;
}

/** Inline Markdown: code spans, links, images (as links), autolinks, emphasis, hard breaks. */
export function parseInline(text: string): MdInline[] {
  const out: MdInline[] = [];
  let plain = '';
  const push = (node: MdInline): void => {
    if (plain) out.push(plain);
    plain = '';
    out.push(node);
  };
  for (let i = 0; i < text.length; ) {
    const rest = text.slice(i);
    let m: RegExpExecArray | null;
    if ((m = /^(`+)([\s\S]*?[^`])\1(?!`)/.exec(rest))) {
      push({ tag: 'code', children: [m[2].replace(/^ (.*) $/s, '$1')] });
      i += m[0].length;
    } else if ((m = /^!?\[([^\]]*)\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)>?(?:\s+"[^"]*")?\s*\)/.exec(rest))) {
      const href = safeHref(m[2]);
      const label = parseInline(m[1] || m[2]);
      if (href) push({ tag: 'a', href, children: rest.startsWith('!') ? [`image: `, ...label] : label });
      else for (const node of label) push(node);
      i += m[0].length;
    } else if ((m = /^<((?:https?:\/\/|mailto:)[^>\s]+)>/i.exec(rest))) {
      push({ tag: 'a', href: m[1], children: [m[1]] });
      i += m[0].length;
    } else if ((m = /^(\*\*|__)(?=\S)([\s\S]*?\S)\1/.exec(rest))) {
      push({ tag: 'strong', children: parseInline(m[2]) });
      i += m[0].length;
    } else if ((m = /^(\*|_)(?=\S)([\s\S]*?\S)\1(?![\w*])/.exec(rest)) && !(m[1] === '_' && /\w$/.test(plain))) {
      push({ tag: 'em', children: parseInline(m[2]) });
      i += m[0].length;
    } else if ((m = /^( {2,}|\\)\n/.exec(rest))) {
      push({ tag: 'br' });
      i += m[0].length;
    } else if ((m = /^\\([!-/:-@[-`{-~])/.exec(rest))) {
      plain += m[1];
      i += 2;
    } else {
      plain += text[i] === '\n' ? ' ' : text[i];
      i++;
    }
  }
  if (plain) out.push(plain);
  return out;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function inlineHtml(nodes: MdInline[]): string {
  return nodes.map((node) => {
    if (typeof node === 'string') return escapeHtml(node);
    if (node.tag === 'br') return '<br>';
    if (node.tag === 'a') return `<a href="${escapeHtml(node.href)}" rel="noopener noreferrer">${inlineHtml(node.children)}</a>`;
    return `<${node.tag}>${inlineHtml(node.children ?? [])}</${node.tag}>`;
  }).join('');
}

/** Safe HTML of Markdown text; headings start at `headingBase` (a description's `#` sits below the page's own headings). */
export function markdownToHtml(text: string, headingBase = 4): string {
  const blocks = (list: MdBlock[]): string => list.map((block) => {
    switch (block.tag) {
      case 'p': return `<p>${inlineHtml(block.children)}</p>`;
      case 'h': {
        const level = Math.min(6, headingBase + (block.level ?? 1) - 1);
        return `<h${level}>${inlineHtml(block.children)}</h${level}>`;
      }
      case 'pre': return `<pre><code>${escapeHtml(block.text)}</code></pre>`;
      case 'ul':
      case 'ol': return `<${block.tag}>${block.items.map((item) => `<li>${blocks(item)}</li>`).join('')}</${block.tag}>`;
      case 'blockquote': return `<blockquote>${blocks(block.children)}</blockquote>`;
      case 'hr': return '<hr>';
    }
  }).join('\n');
  return blocks(parseMarkdown(text));
}

/** A fenced code block holding the text as it is: its fence is longer than any run of backticks in it. */
export function markdownFence(text: string, info = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}${info}\n${text}\n${marks}`;
}

/** Plain text as Markdown that shows it literally: no emphasis, link, HTML or entity is read into it. */
function escapeMarkdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>!&#|~]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}

/** Text as a Markdown code span, fenced by more backticks than it holds in a row. */
export function markdownCodeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = /^`|`$/.test(text) || /^ .* $/.test(text) ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

function inlineMarkdown(nodes: MdInline[]): string {
  return nodes.map((node) => {
    if (typeof node === 'string') return escapeMarkdownText(node);
    switch (node.tag) {
      case 'br': return '<br>';
      case 'code': return markdownCodeSpan((node.children ?? []).map((c) => (typeof c === 'string' ? c : '')).join(''));
      case 'em': return `*${inlineMarkdown(node.children ?? [])}*`;
      case 'strong': return `**${inlineMarkdown(node.children ?? [])}**`;
      case 'a': return `[${inlineMarkdown(node.children)}](<${node.href.replace(/[<>]/g, encodeURIComponent)}>)`;
    }
  }).join('');
}

/**
 * Markdown of a description, read by the same safe reader and written again: raw HTML shows as
 * text, unsafe links lose their target and images become links, so a Markdown preview or a Git
 * forge shows it as the panel and the HTML document do. Headings start at `headingBase`.
 */
export function markdownToSafeMarkdown(text: string, headingBase = 4): string {
  const blocks = (list: MdBlock[]): string => list.map((block) => {
    switch (block.tag) {
      case 'p': return inlineMarkdown(block.children);
      case 'h': return `${'#'.repeat(Math.min(6, headingBase + (block.level ?? 1) - 1))} ${inlineMarkdown(block.children)}`;
      case 'pre': return markdownFence(block.text);
      case 'ul':
      case 'ol': return block.items.map((item, i) => {
        const marker = block.tag === 'ul' ? '- ' : `${i + 1}. `;
        return marker + blocks(item).replace(/\n/g, `\n${' '.repeat(marker.length)}`);
      }).join('\n');
      case 'blockquote': return blocks(block.children).split('\n').map((line) => `> ${line}`.trimEnd()).join('\n');
      case 'hr': return '---';
    }
  }).join('\n\n');
  return blocks(parseMarkdown(text));
}
