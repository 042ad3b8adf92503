import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createLanguageService } from '../../server/src/service/builtinKinds';
import { InMemoryWorkspace } from '../../server/src/service/workspace';
import { parse } from 'yaml';
import { exampleFiles, FUZZ_SEED, runs } from '../fuzz/entryPoints';
import { generateSpec } from '../bench/generateSpec';

const URI = 'file:///ws/orders.openapi.yaml';

const SPEC = `openapi: 3.0.3
info:
  title: Orders
  version: "1"
paths:
  /orders/{orderId}:
    get:
      operationId: getOrder
      description: One order.
      parameters:
        - name: orderId
          in: path
          required: true
          schema:
            type: integer
          example: 42
      responses:
        "200":
          description: The order.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Order'
              example:
                id: 42
                status: open
                total: 10.5
  /customers:
    get:
      operationId: listCustomers
      responses:
        "200":
          description: Customers.
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: '#/components/schemas/Customer'
              example:
                - name: Ada
                  tier: gold
components:
  schemas:
    Order:
      type: object
      required: [id, status]
      properties:
        id:
          type: integer
        status:
          type: string
          enum: [open, closed]
        total:
          type: number
    Customer:
      type: object
      properties:
        name:
          type: string
        tier:
          $ref: '#/components/schemas/Tier'
    Tier:
      type: string
      enum: [gold, silver]
    Spare:
      type: string
      example: spare
`;

/** Edits that change what the checks find: types, enums, examples, references, plain prose. */
const EDITS: [string, string][] = [
  ['type: integer\n        status', 'type: string\n        status'],
  ['enum: [open, closed]', 'enum: [pending, closed]'],
  ['enum: [gold, silver]', 'enum: [bronze, silver]'],
  ['status: open', 'status: lost'],
  ['tier: gold', 'tier: silver'],
  ['id: 42', 'id: "42"'],
  ['example: 42', 'example: forty-two'],
  ["$ref: '#/components/schemas/Tier'", "$ref: '#/components/schemas/Spare'"],
  ['One order.', 'One order, by id.'],
  ['The order.', 'The orderx.'],
  ['example: spare', 'example: 7'],
  ['required: [id, status]', 'required: [id, status, total]'],
  // What the OpenAPI schema says: a misspelt key, a value of the wrong type, a missing key.
  ['description: One order.', 'descriptio: One order.'],
  ['required: true', 'required: "yes"'],
  ['description: Customers.', 'summary: Customers.'],
  ['in: path', 'in: body'],
];

function fresh(text: string) {
  return createLanguageService({ workspace: new InMemoryWorkspace({ [URI]: text }) }).diagnose(URI);
}

describe('checking after edits gives what checking the text afresh gives', function () {
  this.timeout(120_000);

  it('the example memory follows edits to schemas, examples and references', async () => {
    const workspace = new InMemoryWorkspace({ [URI]: SPEC });
    const service = createLanguageService({ workspace });
    assert.deepEqual(await service.diagnose(URI), await fresh(SPEC));
    let text = SPEC;
    // Break the example through the referenced schema, then repair it there.
    for (const [from, to] of [['enum: [gold, silver]', 'enum: [bronze, silver]'], ['enum: [bronze, silver]', 'enum: [gold, silver]']]) {
      text = text.replace(from, to);
      workspace.set(URI, text);
      const diagnostics = await service.diagnose(URI);
      assert.deepEqual(diagnostics, await fresh(text));
      assert.equal(diagnostics.some((d) => d.code === 'oas.example.mismatch' && String(d.message).includes('`[0].tier` must be one of `bronze`')), to.includes('bronze'), to);
    }
  });

  it('what keystrokes outside every referenced schema left valid is re-checked once a referenced schema changes', async () => {
    const workspace = new InMemoryWorkspace({ [URI]: SPEC });
    const service = createLanguageService({ workspace });
    await service.diagnose(URI);
    let text = SPEC;
    const steps: [string, string, boolean][] = [
      // Prose in paths: no `$ref` leads anywhere new, so what the last check found valid is taken on.
      ['One order.', 'One order, by id.', false],
      ['The order.', 'The orderx.', false],
      // Then the schema that Customer's `tier` leads to, and prose again, and back.
      ['enum: [gold, silver]', 'enum: [bronze, silver]', true],
      ['Customers.', 'All customers.', true],
      ['enum: [bronze, silver]', 'enum: [gold, silver]', false],
      ['The orderx.', 'The order.', false],
    ];
    for (const [from, to, mismatch] of steps) {
      text = text.replace(from, to);
      workspace.set(URI, text);
      const diagnostics = await service.diagnose(URI);
      assert.deepEqual(diagnostics, await fresh(text), to);
      assert.equal(diagnostics.some((d) => d.code === 'oas.example.mismatch' && String(d.message).includes('`[0].tier` must be one of `bronze`')), mismatch, to);
    }
  });

  it('a value beside a `$ref` (3.1) is checked again when the schema it references changes', async () => {
    // The example `[{ tier: gold }]` is checked first, which converts Customer and its `tier`; the
    // examples beside the `$ref`s of `tier` and `referrer` are checked later against those.
    const spec = SPEC.replace('openapi: 3.0.3', 'openapi: 3.1.0').replace(
      "$ref: '#/components/schemas/Tier'",
      "$ref: '#/components/schemas/Tier'\n          example: gold\n        referrer:\n          $ref: '#/components/schemas/Customer'\n          example: { name: Bo, tier: gold }",
    );
    const workspace = new InMemoryWorkspace({ [URI]: spec });
    const service = createLanguageService({ workspace });
    assert.deepEqual(await service.diagnose(URI), await fresh(spec));
    const text = spec.replace('enum: [gold, silver]', 'enum: [bronze, silver]');
    workspace.set(URI, text);
    const diagnostics = await service.diagnose(URI);
    assert.deepEqual(diagnostics, await fresh(text));
    assert.deepEqual(
      diagnostics.filter((d) => d.code === 'oas.example.mismatch').map((d) => d.message),
      [
        'The example does not match its schema: `[0].tier` must be one of `bronze`, `silver`.',
        'The example `gold` is not one of `bronze`, `silver`.',
        'The example does not match its schema: `tier` must be one of `bronze`, `silver`.',
      ],
    );
  });

  it('a shared parameter is still checked when the path item that reached it first stops using it', async () => {
    // Both path items use the parameter; its example is checked (and reported) from the first.
    // Once the first no longer uses it, the second reaches it first, unchanged as it is.
    const spec = `openapi: 3.0.3
info: { title: Orders, version: "1" }
paths:
  /a:
    get:
      parameters:
        - $ref: '#/components/parameters/Limit'
      responses:
        "200": { description: A. }
  /b:
    get:
      parameters:
        - $ref: '#/components/parameters/Limit'
      responses:
        "200": { description: B. }
components:
  parameters:
    Limit:
      name: limit
      in: query
      schema: { type: integer }
      example: ten
`;
    const workspace = new InMemoryWorkspace({ [URI]: spec });
    const service = createLanguageService({ workspace });
    const mismatches = (diagnostics: { code?: unknown; message: unknown }[]) =>
      diagnostics.filter((d) => d.code === 'oas.example.mismatch').map((d) => d.message);
    assert.deepEqual(mismatches(await service.diagnose(URI)), ['The example must be an integer.']);
    const withoutFirst = spec.replace("parameters:\n        - $ref: '#/components/parameters/Limit'\n      responses:\n        \"200\": { description: A. }", 'responses:\n        "200": { description: A. }');
    assert.notEqual(withoutFirst, spec);
    for (const text of [withoutFirst, spec]) {
      workspace.set(URI, text);
      const diagnostics = await service.diagnose(URI);
      assert.deepEqual(diagnostics, await fresh(text));
      assert.deepEqual(mismatches(diagnostics), ['The example must be an integer.']);
    }
  });

  it('a path item is checked again when a parameter its `$ref`s lead to changes', async () => {
    const spec = `openapi: 3.0.3
info: { title: Items, version: "1" }
paths:
  /items/{id}:
    parameters:
      - $ref: '#/components/parameters/Id'
    get:
      responses:
        "200": { description: One. }
  /users/{id}:
    get:
      parameters:
        - $ref: '#/components/parameters/Id'
      responses:
        "200": { description: One. }
components:
  parameters:
    Id:
      name: id
      in: path
      required: true
      schema: { type: string }
`;
    const workspace = new InMemoryWorkspace({ [URI]: spec });
    const service = createLanguageService({ workspace });
    const pathFindings = (diagnostics: { code?: unknown }[]) => diagnostics.filter((d) => String(d.code).startsWith('oas.path.')).map((d) => d.code);
    assert.deepEqual(pathFindings(await service.diagnose(URI)), []);
    const expected = [
      [spec.replace('name: id', 'name: ident'), ['oas.path.parameterNotInTemplate', 'oas.path.parameterNotInTemplate', 'oas.path.parameterUndeclared', 'oas.path.parameterUndeclared']],
      [spec.replace('name: id', 'name: ident').replace('required: true', 'required: false'), ['oas.path.parameterNotInTemplate', 'oas.path.parameterNotInTemplate', 'oas.path.parameterNotRequired', 'oas.path.parameterUndeclared', 'oas.path.parameterUndeclared']],
      [spec, []],
    ] as const;
    for (const [text, codes] of expected) {
      workspace.set(URI, text);
      const diagnostics = await service.diagnose(URI);
      assert.deepEqual(diagnostics, await fresh(text));
      assert.deepEqual(pathFindings(diagnostics).sort(), codes);
    }
  });

  it('an example may leave out a required property while the schema its `$ref`s lead to is readOnly', async () => {
    const spec = `openapi: 3.0.3
info: { title: Orders, version: "1" }
paths:
  /orders:
    post:
      summary: Place an order.
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Order' }
            example: { status: open }
      responses:
        "201": { description: Created. }
components:
  schemas:
    Order:
      type: object
      required: [id, status]
      properties:
        id: { $ref: '#/components/schemas/Id' }
        status: { type: string }
      example: { status: open }
    Id: { $ref: '#/components/schemas/OrderId' }
    OrderId: { type: integer, readOnly: true }
`;
    const workspace = new InMemoryWorkspace({ [URI]: spec });
    const service = createLanguageService({ workspace });
    assert.deepEqual(await service.diagnose(URI), []);
    const text = spec.replace('readOnly: true', 'readOnly: false');
    workspace.set(URI, text);
    const diagnostics = await service.diagnose(URI);
    assert.deepEqual(diagnostics, await fresh(text));
    assert.equal(diagnostics.filter((d) => d.code === 'oas.example.mismatch' && String(d.message).includes('`id`')).length, 2);
  });

  for (const version of ['3.0.3', '3.1.0']) it(`random edit sequences (OpenAPI ${version})`, async () => {
    const spec = SPEC.replace('openapi: 3.0.3', `openapi: ${version}`);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: EDITS.length * 2 - 1 }), { minLength: 1, maxLength: 6 }), async (choices) => {
        const workspace = new InMemoryWorkspace({ [URI]: spec });
        const service = createLanguageService({ workspace });
        await service.diagnose(URI);
        let text = spec;
        for (const choice of choices) {
          // Even choices apply an edit, odd ones undo it.
          const [from, to] = EDITS[choice >> 1];
          text = choice % 2 === 0 ? text.replace(from, to) : text.replace(to, from);
          workspace.set(URI, text);
          assert.deepEqual(await service.diagnose(URI), await fresh(text));
        }
      }),
      { numRuns: runs(40), seed: FUZZ_SEED, endOnFailure: true },
    );
  });

  // Keystrokes anywhere in real specs, multi-file ones included: most keep the text readable, so the
  // re-check takes most of what it knew from the previous version.
  const specs = Object.fromEntries(Object.entries(exampleFiles()).filter(([path]) => path.startsWith('specs/')).map(([path, text]) => ['file:///ws/' + path, text]));
  const shop = specs['file:///ws/specs/shop.openapi.yaml'];
  const roots: Record<string, Record<string, string>> = {
    'specs/shop.openapi.yaml': specs,
    'specs/shop.openapi.json': { 'file:///ws/specs/shop.openapi.json': JSON.stringify(parse(shop), null, 2) },
    'specs/erp/erp.openapi.yaml': specs,
    'specs/erp/schemas/customer.yaml': specs,
    'specs/generated.openapi.yaml': { 'file:///ws/specs/generated.openapi.yaml': generateSpec(150) },
  };
  const keystroke = fc.record({
    at: fc.nat(),
    removed: fc.constantFrom(0, 0, 0, 1, 2),
    inserted: fc.constantFrom('x', 'e', '1', ' ', '', '"', '#/components/schemas/', 'Address', 'string', 'required: true'),
  });
  for (const [path, files] of Object.entries(roots)) {
    it(`random keystrokes in ${path}`, async () => {
      const uri = 'file:///ws/' + path;
      await fc.assert(
        fc.asyncProperty(fc.array(keystroke, { minLength: 1, maxLength: 8 }), async (strokes) => {
          const workspace = new InMemoryWorkspace(files);
          const service = createLanguageService({ workspace });
          await service.diagnose(uri);
          let text = files[uri];
          for (const stroke of strokes) {
            const at = stroke.at % (text.length + 1);
            text = text.slice(0, at) + stroke.inserted + text.slice(at + stroke.removed);
            workspace.set(uri, text);
            const fresh = createLanguageService({ workspace: new InMemoryWorkspace({ ...files, [uri]: text }) });
            assert.deepEqual(await service.diagnose(uri), await fresh.diagnose(uri));
          }
        }),
        { numRuns: runs(25), seed: FUZZ_SEED, endOnFailure: true },
      );
    });
  }
});
