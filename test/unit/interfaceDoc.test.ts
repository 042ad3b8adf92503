import * as assert from 'node:assert/strict';
import { interfaceDocument, InterfaceDoc } from '../../server/src/service/interfaceDoc/document';
import { interfaceDocHtml, interfaceDocMarkdown } from '../../server/src/service/interfaceDoc/render';
import { serviceFor, WS } from '../support/service';

const HOOKS_31 = `openapi: 3.1.0
info:
  title: Events
  version: 1.2.0
  description: "Events of the shop. <img src=https://evil.example.com/x.png> ![pixel](https://evil.example.com/p.png) <script>alert(1)</script>"
security:
  - key: []
paths:
  /subscriptions:
    post:
      tags: [events]
      operationId: subscribe
      summary: Subscribe to events
      requestBody:
        content:
          application/json:
            schema: { type: object, required: [callbackUrl], properties: { callbackUrl: { type: string, format: uri } } }
      responses:
        '201':
          description: Subscribed
          headers:
            Location: { description: Where the subscription is, schema: { type: string } }
      callbacks:
        orderEvent:
          '{$request.body#/callbackUrl}':
            post:
              operationId: onOrderEvent
              summary: An order changed
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { $ref: './schemas.yaml#/OrderEvent' }
              responses: { '204': { description: Taken } }
        gone: { $ref: '#/components/callbacks/Nope' }
  /health:
    get:
      tags: [events]
      operationId: health
      security: []
      parameters:
        - { name: depth, in: query, description: How deep, schema: { type: integer, minimum: 1, maximum: 5, default: 1 } }
      responses: { '204': { description: Up } }
webhooks:
  stockLow:
    post:
      operationId: stockLow
      summary: Stock fell below its threshold
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                sku: { type: [string, 'null'], examples: [AB-1] }
                level:
                  oneOf:
                    - { type: string, enum: [low, empty] }
                    - { type: integer, minimum: 0 }
                item:
                  allOf:
                    - { $ref: './schemas.yaml#/Item' }
                    - { type: object, properties: { warehouse: { type: string } } }
      responses: { '200': { description: Received } }
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: X-Key }
`;

const SCHEMAS = `OrderEvent:
  type: object
  required: [kind]
  properties:
    kind: { type: string, enum: [created, cancelled], description: "What happened. <b>bold</b>" }
    orderId: { type: string }
Item:
  type: object
  properties:
    id: { type: string, format: uuid }
`;

const FLOW = `flow: "1.0"
title: Order events
participants:
  shop: { name: Shop }
  events: { name: Event service, spec: ../api/events.yaml }
steps:
  - from: shop
    to: events
    operation: subscribe
`;

async function documentOf(path: string): Promise<InterfaceDoc> {
  const { service } = serviceFor({ 'api/events.yaml': HOOKS_31, 'api/schemas.yaml': SCHEMAS, 'flows/events.flow.yaml': FLOW });
  const doc = await interfaceDocument(service, WS + path, { runSamples: false, drawDiagram: false, baseUri: WS + 'review.md' });
  assert.ok(doc, `${path} has a document`);
  return doc;
}

describe('interface specification document', () => {
  it('exports a spec\'s callbacks: each expression with its operations and their tables, a broken one marked (Markdown and HTML)', async () => {
    const doc = await documentOf('api/events.yaml');
    const md = interfaceDocMarkdown(doc);
    assert.match(md, /##### Callback `orderEvent`: `\{\$request\.body#\/callbackUrl\}`\n\nCallback request `onOrderEvent` of `api\/events\.yaml`: \*\*POST `\{\$request\.body#\/callbackUrl\}`\*\* — An order changed/);
    // The callback's request body, from a schema in another file, as a table.
    assert.match(md, /###### Request body \(`application\/json`\), required\n\n\| Field \| Type \| Required \| Description \|\n\| --- \| --- \| --- \| --- \|\n\| `kind` \| string \| yes \| What happened\. &lt;b&gt;bold&lt;\/b&gt;\. One of: `"created"`, `"cancelled"`\. \|\n\| `orderId` \| string \| {2}\| {2}\|/);
    assert.match(md, /###### Response 204\n\nTaken/);
    assert.match(md, /##### Callback `gone`\n\n\*\*Unresolved:\*\* `#\/components\/callbacks\/Nope` points at nothing/);

    const html = interfaceDocHtml(doc);
    assert.match(html, /<h5>Callback <code>orderEvent<\/code>: <code>\{\$request\.body#\/callbackUrl\}<\/code><\/h5>\n<div class="callback"><p>Callback request <code>onOrderEvent<\/code>/);
    assert.match(html, /<h6>Request body \(<code>application\/json<\/code>\), required<\/h6>\n<table>[\s\S]*?<td><code>kind<\/code><\/td><td>string<\/td><td>yes<\/td><td>What happened\. &lt;b&gt;bold&lt;\/b&gt;\./);
    assert.match(html, /<h5>Callback <code>gone<\/code><\/h5>\n<p class="problem"><strong>Unresolved:<\/strong> <code>#\/components\/callbacks\/Nope<\/code> points at nothing/);
  });

  it('exports a flow step\'s operation with its callbacks', async () => {
    const doc = await documentOf('flows/events.flow.yaml');
    const md = interfaceDocMarkdown(doc);
    assert.match(md, /### 1\. Shop → Event service: POST \/subscriptions — Subscribe to events/);
    assert.match(md, /#### Callback `orderEvent`: `\{\$request\.body#\/callbackUrl\}`/);
    assert.match(md, /\| `kind` \| string \| yes \| What happened\./, 'the callback body from the other file is a table in a flow document too');
    assert.match(interfaceDocHtml(doc), /<h4>Callback <code>orderEvent<\/code>/);
  });

  it('exports 3.1 webhooks in a section of their own, with type arrays, examples, oneOf and allOf as such', async () => {
    const doc = await documentOf('api/events.yaml');
    const md = interfaceDocMarkdown(doc);
    const webhooks = md.slice(md.indexOf('## Webhooks'));
    assert.ok(md.indexOf('## Webhooks') > md.indexOf('## Operations'));
    assert.doesNotMatch(md.slice(md.indexOf('## Operations'), md.indexOf('## Webhooks')), /stockLow/);
    assert.match(webhooks, /### stockLow: POST — Stock fell below its threshold\n\nWebhook `stockLow` of `api\/events\.yaml`/);
    assert.match(webhooks, /\| `sku` \| string \\\| null \| {2}\| Example `"AB-1"`\. \|/);
    assert.match(webhooks, /\| `level` \| one of string, integer \| {2}\| Option 1 \(string\): One of: `"low"`, `"empty"`\. Option 2 \(integer\): `>= 0`\. \|/);
    assert.match(webhooks, /\| `item` \| all of Item, object \| {2}\| {2}\|\n\| `item\.id` \| string \(uuid\) \| {2}\| {2}\|\n\| `item\.warehouse` \| string \|/);
    const html = interfaceDocHtml(doc);
    assert.match(html, /<h2>Webhooks<\/h2>[\s\S]*<h3>stockLow: <span class="method">POST<\/span> — Stock fell below its threshold<\/h3>/);
  });

  it('says when an operation needs no authentication, gives response headers and parameter constraints', async () => {
    const md = interfaceDocMarkdown(await documentOf('api/events.yaml'));
    const health = md.slice(md.indexOf('#### GET /health'));
    assert.match(health, /Security: `none`/);
    assert.match(health, /\| `depth` \| query \| integer \| {2}\| How deep `>= 1`, `<= 5`\. Default `1`\. \|/);
    assert.match(md, /##### Response 201\n\nSubscribed\n\nHeaders:\n\n\| Name \| In \| Type \| Required \| Description \|\n\| --- \| --- \| --- \| --- \| --- \|\n\| `Location` \| header \| string \| {2}\| Where the subscription is \|/);
    assert.match(md, /Operation `subscribe` of `api\/events\.yaml`: \*\*POST `\/subscriptions`\*\*\n\nSecurity: `key`/);
  });

  it('writes descriptions as safe Markdown: raw HTML stays text, images become links, so nothing loads in a preview', async () => {
    const md = interfaceDocMarkdown(await documentOf('api/events.yaml'));
    assert.match(md, /Events of the shop\. &lt;img src=https:\/\/evil\.example\.com\/x\.png&gt; \[image: pixel\]\(<https:\/\/evil\.example\.com\/p\.png>\) &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(md, /<img|<script|!\[/);
  });
});
