import assert from 'node:assert/strict';
import { markdownToHtml, markdownToSafeMarkdown } from '../../server/src/protocol/safeMarkdown';

describe('safe Markdown of descriptions', () => {
  it('renders the everyday subset: paragraphs, headings below the page\'s own, lists, code, emphasis, links', () => {
    const html = markdownToHtml('# Orders\n\nRead **all** the *orders*.\n\n- one `code`\n- two [docs](https://example.com/docs)\n\n1. first\n2. second\n\n```\n{ "a": 1 }\n```\n\n> quoted', 4);
    assert.equal(html, [
      '<h4>Orders</h4>',
      '<p>Read <strong>all</strong> the <em>orders</em>.</p>',
      '<ul><li><p>one <code>code</code></p></li><li><p>two <a href="https://example.com/docs" rel="noopener noreferrer">docs</a></p></li></ul>',
      '<ol><li><p>first</p></li><li><p>second</p></li></ol>',
      '<pre><code>{ &quot;a&quot;: 1 }</code></pre>',
      '<blockquote><p>quoted</p></blockquote>',
    ].join('\n'));
  });

  it('keeps raw HTML as text, drops unsafe links and never loads an image', () => {
    const html = markdownToHtml('<script>alert(1)</script> <img src="http://x/y.png" onerror=alert(2)>\n![pixel](http://tracker.example/p.png) [bad](javascript:alert(3)) [mail](mailto:a@b.c) [local](../secret.txt)');
    assert.doesNotMatch(html, /<script|<img|javascript:|secret\.txt"/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &lt;img src=&quot;http:\/\/x\/y\.png&quot; onerror=alert\(2\)&gt;/);
    assert.match(html, /<a href="http:\/\/tracker\.example\/p\.png" rel="noopener noreferrer">image: pixel<\/a>/);
    assert.match(html, / bad <a href="mailto:a@b\.c"/);
    assert.match(html, /> local<\/p>$/);
  });

  it('writes Markdown again for a Markdown document: the same subset, headings below the page\'s own, nothing raw', () => {
    const md = markdownToSafeMarkdown('# Orders\n\nRead **all** the *orders* (2*3*4, a_b_c).\n\n- one `a|b`\n- two [docs](https://example.com/docs)\n\n1. first\n2. second\n\n```\n<b>{ "a": 1 }</b>\n```\n\n> quoted <b>', 3);
    assert.equal(md, [
      '### Orders',
      'Read **all** the *orders* (2\\*3\\*4, a\\_b\\_c).',
      '- one `a|b`\n- two [docs](<https://example.com/docs>)',
      '1. first\n2. second',
      '```\n<b>{ "a": 1 }</b>\n```',
      '> quoted &lt;b&gt;',
    ].join('\n\n'));
  });

  it('in Markdown too keeps raw HTML as text, drops unsafe links and turns images into links', () => {
    const md = markdownToSafeMarkdown('<script>alert(1)</script> <img src="http://x/y.png">\n![pixel](http://tracker.example/p.png) [bad](javascript:alert(3)) [local](../secret.txt) &lt;i&gt;');
    assert.equal(md, '&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src="http://x/y.png"&gt; [image: pixel](<http://tracker.example/p.png>) bad local &amp;lt;i&amp;gt;');
  });
});
