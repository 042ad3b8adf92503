import * as assert from 'node:assert/strict';
import { interfaceDocument, InterfaceDoc } from '../../server/src/service/interfaceDoc/document';
import { interfaceDocHtml, interfaceDocMarkdown } from '../../server/src/service/interfaceDoc/render';
import { SPEC_WITH_BROKEN_PARTS } from '../support/brokenSpec';
import { serviceFor, WS } from '../support/service';

const HOOKS_31 = `openapi: 3.1.0
info:
  title: Events
  version: 1.2.0
  contact: { name: Integration team, email: integration@example.com }
  license: { name: Apache 2.0, identifier: Apache-2.0 }
  description: "Events of the shop. <img src=https://evil.example.com/x.png> ![pixel](https://evil.example.com/p.png) <script>alert(1)</script>"
servers:
  - url: https://{region}.events.example.com
    description: Production
    variables:
      region: { default: eu, enum: [eu, us] }
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
            examples:
              mine: { summary: My endpoint, value: { callbackUrl: 'https://me.example.com/hook' } }
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
        - { name: depth, in: query, description: "How deep (\`a || b\`)", schema: { type: integer, minimum: 1, maximum: 5, default: 1 } }
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
                labels:
                  type: object
                  additionalProperties: { type: string, maxLength: 20 }
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
    assert.match(md, /##### Callback `gone`\n\n\*\*Unresolved\*\* at `api\/events\.yaml:44:9`: `#\/components\/callbacks\/Nope` points at nothing/);

    const html = interfaceDocHtml(doc);
    assert.match(html, /<h5>Callback <code>orderEvent<\/code>: <code>\{\$request\.body#\/callbackUrl\}<\/code><\/h5>\n<div class="callback"><p>Callback request <code>onOrderEvent<\/code>/);
    assert.match(html, /<h6>Request body \(<code>application\/json<\/code>\), required<\/h6>\n<table>[\s\S]*?<td><code>kind<\/code><\/td><td>string<\/td><td>yes<\/td><td>What happened\. &lt;b&gt;bold&lt;\/b&gt;\./);
    assert.match(html, /<h5>Callback <code>gone<\/code><\/h5>\n<p class="problem"><strong>Unresolved<\/strong> at <code>api\/events\.yaml:44:9<\/code>: <code>#\/components\/callbacks\/Nope<\/code> points at nothing/);
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
    assert.match(webhooks, /\| `labels` \| object \| {2}\| {2}\|\n\| `labels\.\*` \| string \| {2}\| `length ≤ 20`\. \|/, 'a map\'s values under `*`');
    assert.match(webhooks, /\| `item` \| all of Item, object \| {2}\| {2}\|\n\| `item\.id` \| string \(uuid\) \| {2}\| {2}\|\n\| `item\.warehouse` \| string \|/);
    const html = interfaceDocHtml(doc);
    assert.match(html, /<h2>Webhooks<\/h2>[\s\S]*<h3>stockLow: <span class="method">POST<\/span> — Stock fell below its threshold<\/h3>/);
  });

  it('says when an operation needs no authentication, gives response headers, parameter constraints and body examples', async () => {
    const md = interfaceDocMarkdown(await documentOf('api/events.yaml'));
    const health = md.slice(md.indexOf('#### GET /health'));
    assert.match(health, /Security: `none`/);
    // A pipe in a cell, even in code, is escaped so the table keeps its columns.
    assert.match(health, /\| `depth` \| query \| integer \| {2}\| How deep \(`a \\\|\\\| b`\) `>= 1`, `<= 5`\. Default `1`\. \|/);
    assert.match(md, /##### Response 201\n\nSubscribed\n\nHeaders:\n\n\| Name \| In \| Type \| Required \| Description \|\n\| --- \| --- \| --- \| --- \| --- \|\n\| `Location` \| header \| string \| {2}\| Where the subscription is \|/);
    assert.match(md, /Operation `subscribe` of `api\/events\.yaml`: \*\*POST `\/subscriptions`\*\*\n\nSecurity: `key`/);
    // The body's examples, after its table.
    assert.match(md, /\| `callbackUrl` \| string \(uri\) \| yes \| {2}\|\n\n\*Example mine — My endpoint\*\n\n```json\n\{\n {2}"callbackUrl": "https:\/\/me\.example\.com\/hook"\n\}\n```/);
    assert.match(interfaceDocHtml(await documentOf('api/events.yaml')), /<p><em>Example mine — My endpoint<\/em><\/p>\n<pre><code>\{\n {2}&quot;callbackUrl&quot;: &quot;https:\/\/me\.example\.com\/hook&quot;\n\}<\/code><\/pre>/);
  });

  it('writes descriptions as safe Markdown: raw HTML stays text, images become links, so nothing loads in a preview', async () => {
    const md = interfaceDocMarkdown(await documentOf('api/events.yaml'));
    assert.match(md, /Events of the shop\. &lt;img src=https:\/\/evil\.example\.com\/x\.png&gt; \[image: pixel\]\(<https:\/\/evil\.example\.com\/p\.png>\) &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(md, /<img|<script|!\[/);
  });

  it('exports a spec with syntax errors and broken $refs: what can be read, the broken places marked where they are, each problem linked to its file and line', async () => {
    const { service } = serviceFor({ 'api/broken.yaml': SPEC_WITH_BROKEN_PARTS });
    const doc = (await interfaceDocument(service, WS + 'api/broken.yaml', { runSamples: false, drawDiagram: false, baseUri: WS + 'review.md' }))!;
    const md = interfaceDocMarkdown(doc);
    assert.match(md, /#### GET \/a\n/);
    assert.match(md, /#### GET \/b\n/);
    assert.match(md, /\| \*\*Unresolved\*\* at `api\/broken\.yaml:8:11`: `#\/components\/parameters\/Missing` points at nothing\. \|/);
    assert.match(md, /\| `\(body\)` \| unresolved \| yes \| \*\*Unresolved\*\* at `api\/broken\.yaml:14:15`: `\.\/nowhere\.yaml#\/Thing`: the file nowhere\.yaml does not exist\. \|/);
    assert.match(md, /## Open problems\n\n4 errors in the files this document describes:\n\n- \[`api\/broken\.yaml:8:17`\]\(<api\/broken\.yaml#L8>\) `oas\.ref\.unresolved` /);
    assert.match(md, /- \[`api\/broken\.yaml:19:7`\]\(<api\/broken\.yaml#L19>\) `syntax\.error` /);
    const html = interfaceDocHtml(doc);
    assert.match(html, /<li><code>api\/broken\.yaml:14:31<\/code> <code>oas\.ref\.fileNotFound<\/code> The file <code>\.\/nowhere\.yaml<\/code> does not exist\.<\/li>/);
    assert.match(html, /<td><strong>Unresolved<\/strong> at <code>api\/broken\.yaml:8:11<\/code>: /);
  });

  it('exports 2.0: body and formData as request bodies in the media types of consumes, responses in those of produces, headers', async () => {
    const { service } = serviceFor({ 'pets.yaml': `swagger: "2.0"
info: { title: Pets, version: "1" }
host: pets.example.com
basePath: /v1
schemes: [https]
consumes: [application/json]
produces: [application/json, application/xml]
paths:
  /pets:
    post:
      operationId: addPet
      parameters:
        - { name: body, in: body, required: true, schema: { $ref: '#/definitions/Pet' } }
        - { name: X-Trace, in: header, type: string, format: uuid }
      responses:
        '201':
          description: Created
          schema: { $ref: '#/definitions/Pet' }
          headers: { Location: { type: string, description: Where it is } }
  /pets/{id}/photo:
    put:
      operationId: uploadPhoto
      consumes: [multipart/form-data]
      parameters:
        - { name: id, in: path, required: true, type: integer, minimum: 1 }
        - { name: file, in: formData, type: file, required: true }
      responses: { '204': { description: Stored } }
definitions:
  Pet:
    type: object
    required: [name]
    properties:
      id: { type: integer, format: int64, x-nullable: true }
      name: { type: string, enum: [rex, tom] }
` });
    const md = interfaceDocMarkdown((await interfaceDocument(service, WS + 'pets.yaml', { runSamples: false, drawDiagram: false }))!);
    assert.match(md, /## Servers\n\n- `https:\/\/pets\.example\.com\/v1`/);
    assert.match(md, /##### Parameters\n\n\| Name \| In \| Type \| Required \| Description \|\n\| --- \| --- \| --- \| --- \| --- \|\n\| `X-Trace` \| header \| string \(uuid\) \| {2}\| {2}\|\n\n##### Request body \(`application\/json`\), required\n\n/);
    assert.match(md, /\| `id` \| integer \(int64\) \\\| null \| {2}\| {2}\|\n\| `name` \| string \| yes \| One of: `"rex"`, `"tom"`\. \|/);
    assert.match(md, /##### Response 201 \(`application\/json, application\/xml`\)\n\nCreated\n\n\| Field[\s\S]*?\n\nHeaders:\n\n[^\n]*\n[^\n]*\n\| `Location` \| header \| string \| {2}\| Where it is \|/);
    assert.match(md, /##### Parameters\n\n[^\n]*\n[^\n]*\n\| `id` \| path \| integer \| yes \| `>= 1`\. \|\n\n##### Request body \(`multipart\/form-data`\), required\n\n[^\n]*\n[^\n]*\n\| `file` \| file \| yes \|/);
  });

  it('gives a spec\'s contact, licence and servers with their variables', async () => {
    const doc = await documentOf('api/events.yaml');
    const md = interfaceDocMarkdown(doc);
    assert.match(md, /\*\*Version\*\* 1\.2\.0 · \*\*OpenAPI\*\* 3\.1\.0 {2}\nContact: Integration team, integration@example\.com {2}\nLicense: Apache 2\.0, Apache-2\.0\n/);
    assert.match(md, /## Servers\n\n- `https:\/\/\{region\}\.events\.example\.com` — Production\n {2}- `region = eu \(one of eu, us\)`\n/);
    const html = interfaceDocHtml(doc);
    assert.match(html, /<li><code>https:\/\/\{region\}\.events\.example\.com<\/code> — Production<ul><li><code>region = eu \(one of eu, us\)<\/code><\/li><\/ul><\/li>/);
    assert.match(html, /<br>Contact: Integration team, integration@example\.com<br>License: Apache 2\.0, Apache-2\.0<\/p>/);
  });

  it('exports a flow whose spec has errors: the broken place marked in its step, the spec\'s errors under Open problems with the flow\'s', async () => {
    const { service } = serviceFor({
      'api/erp.yaml': `openapi: 3.0.3
info: { title: ERP, version: "1" }
paths:
  /orders:
    post:
      operationId: createOrder
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Ordr' }
      responses: { '201': { description: Created } }
components:
  schemas:
    Order: { type: object }
`,
      'flows/f.flow.yaml': `flow: "1.0"
title: Orders
participants:
  mw: { name: Middleware }
  erp: { name: ERP, spec: ../api/erp.yaml }
steps:
  - { from: mw, to: erp, operation: createOrder }
  - { from: mw, to: nobody, message: hello }
`,
    });
    const doc = (await interfaceDocument(service, WS + 'flows/f.flow.yaml', { runSamples: false, drawDiagram: false, baseUri: WS + 'review.md' }))!;
    const md = interfaceDocMarkdown(doc);
    assert.match(md, /### 1\. Middleware → ERP: POST \/orders/);
    assert.match(md, /\| `\(body\)` \| unresolved \| yes \| \*\*Unresolved\*\* at `api\/erp\.yaml:10:13`: `#\/components\/schemas\/Ordr` points at nothing\. \|/);
    assert.deepEqual(doc.problems.map((p) => p.split(' ').slice(0, 2).join(' ')), ['flows/f.flow.yaml:8:21 flow.participant.unknown', 'api/erp.yaml:10:29 oas.ref.unresolved']);
    assert.match(md, /## Open problems\n\n2 errors in the files this document describes:/);
  });
});
