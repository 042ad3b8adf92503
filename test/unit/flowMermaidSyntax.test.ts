import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkMarkdownMermaid, checkMermaid } from '../../server/src/service/mermaid/check';
import { flowDiagram } from '../../server/src/service/flow/toMermaid';
import { diagnose, rangeOf, serviceFor, summary, WS } from '../support/service';
import { examples } from './flowMermaid.test';

describe('Mermaid syntax checks (*.mmd and ```mermaid fences)', () => {
  it('accepts a sequence diagram using the common statements', () => {
    const text = `%% a comment
sequenceDiagram
  title Orders
  autonumber
  participant A as Shop
  actor B
  create participant C
  A->>B: hello
  B-->>A: hi
  A-)B: async
  A-xB: lost
  A->>+B: activate
  B-->>-A: done
  activate A
  deactivate A
  Note right of A: a note
  Note over A,B: both
  loop every minute
    A->B: ping
  end
  alt ok
    A->>B: x
  else not ok
    A->>B: y
  end
  par one
    A->>B: a
  and two
    A->>B: b
  end
  critical lock
    A->>B: c
  option timeout
    A->>B: d
  end
  rect rgb(0, 0, 255)
    A->>B: e
  end
`;
    assert.deepEqual(checkMermaid(text).problems, []);
    assert.equal(checkMermaid(text).messages.length, 14);
  });

  it('reports unclosed and stray blocks, misplaced else, bad arrows and notes at their place', () => {
    const text = `sequenceDiagram
  A->>B hello
  else
  Note above A: x
  A=>B: x
  loop forever
    A->>B: y
`;
    const problems = checkMermaid(text).problems.map((p) => ({ text: text.slice(p.offset, p.offset + p.length), message: p.message }));
    assert.deepEqual(problems, [
      { text: 'A->>B hello', message: 'A message needs `:` and its text after the receiving participant, for example `A->>B: hello`.' },
      { text: 'else', message: '`else` belongs inside `alt`, before its `end`.' },
      { text: 'Note above A: x', message: 'A note reads `Note left of A: text`, `Note right of A: text` or `Note over A,B: text`.' },
      { text: 'A=>B: x', message: 'Not a sequence diagram statement: `A=>B: x`.' },
      { text: 'loop', message: '`loop` has no `end`.' },
    ]);
  });

  it('accepts participant types, and reports an unknown type, an unclosed `@{` and a space before it', () => {
    const good = `sequenceDiagram
  participant A@{ "type": "database" } as Orders DB
  participant B@{ "type": "queue" }
  participant C@{ type: collections, alias: Workers }
  actor D@{ "type": "actor" } as Ann
  participant E@{ "type": "boundary" } as Portal
  participant F@{ "type": "control" }
  participant G@{ "type": "entity" }
  A->>B: x
`;
    assert.deepEqual(checkMermaid(good).problems, []);
    const bad = `sequenceDiagram
  participant A@{ "type": "databse" } as Orders
  participant B@{ "type": "queue"
  participant C @{ "type": "queue" }
  participant D@{ "type": "queue" } as
`;
    const problems = checkMermaid(bad).problems.map((p) => ({ text: bad.slice(p.offset, p.offset + p.length), message: p.message }));
    assert.deepEqual(problems, [
      { text: '"databse"', message: 'Mermaid has no participant type `databse` and leaves such a participant out: use `actor`, `boundary`, `collections`, `control`, `database`, `entity`, `participant`, `queue`.' },
      { text: '@{', message: '`@{` has no closing `}` on its line.' },
      { text: '@{', message: '`@{` follows the participant\'s name without a space, for example `participant db@{ "type": "database" }`.' },
      { text: 'participant D@{ "type": "queue" } as', message: '`as` needs the name to show.' },
    ]);
  });

  it('reports an unknown diagram type and leaves other diagram types to Mermaid', () => {
    assert.deepEqual(checkMermaid('sequenceDiagramm\n  A->>B: x\n').problems.map((p) => p.message), ['Unknown diagram type `sequenceDiagramm`. A Mermaid diagram starts with its type, for example `sequenceDiagram` or `flowchart LR`.']);
    assert.deepEqual(checkMermaid('---\ntitle: x\n---\nflowchart LR\n  A --> B\n').problems, []);
  });

  it('reports problems of .mmd files as diagnostics', async () => {
    const text = 'sequenceDiagram\n  A->>B: ok\n  end\n';
    assert.deepEqual(summary(await diagnose({ 'a.mmd': text }, 'a.mmd')), [
      { code: 'mermaid.syntax', range: rangeOf(text, 'end'), message: '`end` without an open block (`alt`, `opt`, `loop`, `par`, `critical`, `break`, `rect` or `box`).' },
    ]);
  });

  it('finds problems inside ```mermaid fences of Markdown at their place in the Markdown text', () => {
    const md = '# Runbook\n\n```mermaid\nsequenceDiagram\n  A->>B: ok\n  opt x\n```\n\n~~~mermaid\nflowchart LR\n~~~\n';
    const [problem] = checkMarkdownMermaid(md);
    assert.equal(md.slice(problem.offset, problem.offset + problem.length), 'opt');
    assert.equal(problem.offset, md.indexOf('opt'));
  });

  it('the example runbook and every generated flow diagram pass the checker', async () => {
    assert.deepEqual(checkMarkdownMermaid(readFileSync('examples/docs/runbook.md', 'utf8')), []);
    const { service } = serviceFor(examples());
    const diagram = await flowDiagram(service, WS + 'flows/order-to-cash.flow.yaml');
    const check = checkMermaid(diagram!.mermaid);
    assert.deepEqual(check.problems, []);
    assert.equal(check.messages.length, diagram!.links.length);
  });

  it('a flow with participants of every kind makes a diagram that passes the checker', async () => {
    const kinds = ['actor', 'boundary', 'control', 'entity', 'database', 'collections', 'queue', 'system', 'scheduler'];
    const flow = `flow: "1.0"\nparticipants:\n${kinds.map((k) => `  ${k}: { name: "${k} #1", kind: ${k} }\n`).join('')}steps:\n${kinds.slice(1).map((k) => `  - { from: actor, to: ${k}, message: hi }\n`).join('')}`;
    const { service } = serviceFor({ 'f.flow.yaml': flow });
    const diagram = await flowDiagram(service, WS + 'f.flow.yaml');
    assert.match(diagram!.mermaid, /\n  participant collections@\{ "type": "collections" \} as collections #35;1\n/);
    assert.deepEqual(checkMermaid(diagram!.mermaid).problems, []);
  });
});
