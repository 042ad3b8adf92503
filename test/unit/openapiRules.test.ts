import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { diagnose, rangeOf, serviceFor, withCode, WS } from '../support/service';

const petstore = `openapi: 3.0.3
info:
  title: Pets
  version: 1.0.0
paths:
  /pets/{petId}:
    get:
      operationId: getPet
      summary: Get a pet
      parameters:
        - name: petId
          in: path
          required: true
          schema:
            type: string
      responses:
        '200':
          description: The pet
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Pet'
components:
  schemas:
    Pet:
      type: object
      properties:
        name:
          type: string
`;

describe('OpenAPI semantic rules', () => {
  it('reports nothing for a clean document', async () => {
    assert.deepEqual(await diagnose({ 'pets.yaml': petstore }, 'pets.yaml'), []);
  });

  it('gives nothing to YAML files that are not OpenAPI documents', async () => {
    assert.deepEqual(await diagnose({ 'config.yaml': 'name: x\nname: y\nfoo: [\n' }, 'config.yaml'), []);
  });

  describe('oas.ref.unresolved / oas.ref.fileNotFound', () => {
    it('reports a local pointer that does not exist at the $ref value, with did-you-mean', async () => {
      const text = petstore.replace("'#/components/schemas/Pet'", "'#/components/schemas/Pets'");
      const [d] = withCode(await diagnose({ 'a.yaml': text }, 'a.yaml'), 'oas.ref.unresolved');
      assert.deepEqual(d.range, rangeOf(text, "'#/components/schemas/Pets'"));
      assert.equal(d.severity, DiagnosticSeverity.Error);
      assert.match(String(d.message), /no `Pets` at `#\/components\/schemas`; did you mean `Pet`\?/);
    });

    it('writes the part of the pointer that resolved as a pointer, a key with a slash escaped', async () => {
      const text = petstore.replace("'#/components/schemas/Pet'", "'#/paths/~1pets~1{petId}/get/responses/404'");
      const [d] = withCode(await diagnose({ 'a.yaml': text }, 'a.yaml'), 'oas.ref.unresolved');
      assert.equal(d.message, "`#/paths/~1pets~1{petId}/get/responses/404` cannot be resolved: this document has no `404` at `#/paths/~1pets~1{petId}/get/responses`.");
    });

    it('reports a missing file', async () => {
      const text = petstore.replace("'#/components/schemas/Pet'", "'./models/pet.yaml#/Pet'");
      const diagnostics = await diagnose({ 'a.yaml': text }, 'a.yaml');
      const [d] = withCode(diagnostics, 'oas.ref.fileNotFound');
      assert.deepEqual(d.range, rangeOf(text, "'./models/pet.yaml#/Pet'"));
      assert.equal(d.message, 'The file `./models/pet.yaml` does not exist.');
    });

    it('reports a pointer missing inside another file', async () => {
      const text = petstore.replace("'#/components/schemas/Pet'", "'./models.yaml#/Pett'");
      const d = withCode(await diagnose({ 'a.yaml': text, 'models.yaml': 'Pet:\n  type: object\n' }, 'a.yaml'), 'oas.ref.unresolved');
      assert.equal(d.length, 1);
      assert.deepEqual(d[0].range, rangeOf(text, "'./models.yaml#/Pett'"));
      assert.match(String(d[0].message), /`\.\/models\.yaml` has no `Pett`.*did you mean `Pet`/);
    });

    it('resolves refs into other files, including circular ones', async () => {
      const text = petstore.replace("'#/components/schemas/Pet'", "'./models.yaml#/Pet'").replace(/components:[\s\S]*/, '');
      const models = "Pet:\n  type: object\n  properties:\n    owner:\n      $ref: '#/Owner'\nOwner:\n  type: object\n  properties:\n    pets:\n      type: array\n      items:\n        $ref: '#/Pet'\n";
      assert.deepEqual(await diagnose({ 'a.yaml': text, 'models.yaml': models }, 'a.yaml'), []);
    });

    it('never fetches remote refs when they are not allowed, and says so', async () => {
      const text = petstore.replace("'#/components/schemas/Pet'", "'https://example.com/pet.yaml#/Pet'");
      const { service, workspace } = serviceFor({ 'a.yaml': text });
      let fetched = 0;
      workspace.fetchRemote = async () => {
        fetched++;
        return 'Pet: {type: object}';
      };
      const [d] = withCode(await service.diagnose(WS + 'a.yaml'), 'oas.ref.remoteDisabled');
      assert.equal(fetched, 0);
      assert.equal(d.severity, DiagnosticSeverity.Information);
      assert.deepEqual(d.range, rangeOf(text, "'https://example.com/pet.yaml#/Pet'"));
    });
  });

  describe('fragments', () => {
    const root = petstore.replace("'#/components/schemas/Pet'", "'./models.yaml#/Pet'").replace(/components:[\s\S]*/, '');
    it('validates a fragment reached by $ref in the context of its root', async () => {
      const models = "Pet:\n  type: object\n  properties:\n    owner:\n      $ref: '#/Ownr'\nOwner:\n  type: object\n";
      const d = await diagnose({ 'a.yaml': root, 'models.yaml': models }, 'models.yaml');
      assert.equal(d.length, 1);
      assert.equal(d[0].code, 'oas.ref.unresolved');
      assert.deepEqual(d[0].range, rangeOf(models, "'#/Ownr'"));
    });

    it('re-validates when the referenced file changes', async () => {
      const { service, workspace } = serviceFor({ 'a.yaml': root, 'models.yaml': 'Pet:\n  type: object\n' });
      assert.deepEqual(await service.diagnose(WS + 'a.yaml'), []);
      workspace.set(WS + 'models.yaml', 'Animal:\n  type: object\n');
      const [d] = await service.diagnose(WS + 'a.yaml');
      assert.equal(d.code, 'oas.ref.unresolved');
      assert.deepEqual(service.dependentsOf(WS + 'models.yaml'), [WS + 'a.yaml']);
    });
  });

  describe('oas.operationId.duplicate', () => {
    it('reports both places', async () => {
      const text = petstore.replace('    get:\n', '    delete:\n      operationId: getPet\n      responses:\n        "204":\n          description: gone\n    get:\n');
      const d = withCode(await diagnose({ 'a.yaml': text }, 'a.yaml'), 'oas.operationId.duplicate');
      assert.equal(d.length, 2);
      assert.deepEqual(d.map((x) => x.range), [rangeOf(text, 'getPet', 0), rangeOf(text, 'getPet', 1)]);
      assert.match(String(d[0].message), /also used by GET \/pets\/\{petId\}/);
      assert.equal(d[0].relatedInformation?.[0].location.range.start.line, rangeOf(text, 'getPet', 1).start.line);
    });
  });

  describe('path parameters', () => {
    it('reports an undeclared template variable at the variable inside the path key', async () => {
      const text = petstore.replace('/pets/{petId}:', '/pets/{petId}/toys/{toyId}:');
      const [d] = withCode(await diagnose({ 'a.yaml': text }, 'a.yaml'), 'oas.path.parameterUndeclared');
      assert.deepEqual(d.range, rangeOf(text, '{toyId}'));
      assert.match(String(d.message), /`toyId` is not declared \(GET /);
    });

    it('reports a declared path parameter absent from the template', async () => {
      const text = petstore.replace('- name: petId', '- name: id');
      const diagnostics = await diagnose({ 'a.yaml': text }, 'a.yaml');
      const [d] = withCode(diagnostics, 'oas.path.parameterNotInTemplate');
      const name = rangeOf(text, 'name: id');
      assert.deepEqual(d.range, { start: { line: name.start.line, character: name.start.character + 6 }, end: name.end });
      assert.equal(withCode(diagnostics, 'oas.path.parameterUndeclared').length, 1);
    });

    it('reports path parameters that are not required: true', async () => {
      const text = petstore.replace('required: true', 'required: false');
      const [d] = withCode(await diagnose({ 'a.yaml': text }, 'a.yaml'), 'oas.path.parameterNotRequired');
      assert.deepEqual(d.range, rangeOf(text, 'false'));
    });

    it('a path parameter that is not required is reported once, by this rule, with or without `required`', async () => {
      const without = petstore.replace('          required: true\n', '');
      for (const text of [petstore.replace('required: true', 'required: false'), without, without.replace('- name: petId\n          in: path', '- in: path\n          name: petId')]) {
        const diagnostics = await diagnose({ 'a.yaml': text }, 'a.yaml');
        assert.deepEqual(diagnostics.map((d) => d.code), ['oas.path.parameterNotRequired'], text);
      }
    });

    it('accepts parameters declared on the path item and referenced components', async () => {
      const text = petstore
        .replace("      parameters:\n        - name: petId\n          in: path\n          required: true\n          schema:\n            type: string\n", '')
        .replace('    get:\n', "    parameters:\n      - $ref: '#/components/parameters/petId'\n    get:\n")
        .replace('components:\n', 'components:\n  parameters:\n    petId:\n      name: petId\n      in: path\n      required: true\n      schema:\n        type: string\n');
      assert.deepEqual(await diagnose({ 'a.yaml': text }, 'a.yaml'), []);
    });

    it('reports equivalent path templates', async () => {
      const text = petstore.replace('paths:\n', "paths:\n  /pets/{id}:\n    get:\n      summary: x\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '200': {description: ok}\n");
      const [d] = withCode(await diagnose({ 'a.yaml': text }, 'a.yaml'), 'oas.path.equivalent');
      assert.deepEqual(d.range, rangeOf(text, '/pets/{petId}'));
      assert.match(String(d.message), /`\/pets\/\{petId\}` is equivalent to `\/pets\/\{id\}`/);
    });
  });

  describe('security', () => {
    const secured = petstore + `  securitySchemes:
    oauth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://example.com/token
          scopes:
            pets.read: Read pets
security:
  - oauth: [pets.read]
`;
    it('accepts defined schemes and scopes', async () => {
      assert.deepEqual(await diagnose({ 'a.yaml': secured }, 'a.yaml'), []);
    });
    it('reports an undefined scheme at its name', async () => {
      const text = secured.replace('  - oauth: [pets.read]', '  - oauht: [pets.read]');
      const [d] = withCode(await diagnose({ 'a.yaml': text }, 'a.yaml'), 'oas.security.undefinedScheme');
      assert.deepEqual(d.range, rangeOf(text, 'oauht'));
      assert.match(String(d.message), /did you mean `oauth`/);
    });
    it('reports an undefined scope at the scope', async () => {
      const text = secured.replace('[pets.read]', '[pets.write]');
      const [d] = withCode(await diagnose({ 'a.yaml': text }, 'a.yaml'), 'oas.security.undefinedScope');
      assert.deepEqual(d.range, rangeOf(text, 'pets.write'));
    });
  });

  describe('oas.component.unused', () => {
    it('counts refs inside extensions such as x-webhooks as uses', async () => {
      const text = petstore + '    Hook:\n      type: object\n' + "x-webhooks:\n  ping:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              $ref: '#/components/schemas/Hook'\n";
      assert.deepEqual(await diagnose({ 'a.yaml': text }, 'a.yaml'), []);
    });

    it('counts discriminator mappings, by reference and by name, as uses', async () => {
      const text = petstore.replace("                $ref: '#/components/schemas/Pet'\n",
        "                oneOf: [{$ref: '#/components/schemas/Pet'}]\n                discriminator:\n                  propertyName: kind\n"
        + "                  mapping: {cat: '#/components/schemas/Cat', dog: Dog}\n")
        + '    Cat:\n      type: object\n    Dog:\n      type: object\n    Bird:\n      type: object\n';
      const unused = withCode(await diagnose({ 'a.yaml': text }, 'a.yaml'), 'oas.component.unused');
      assert.deepEqual(unused.map((d) => d.range), [rangeOf(text, 'Bird')]);
    });

    it('counts a `$ref` written inside an example as a use (the author means that component)', async () => {
      const text = petstore.replace("                $ref: '#/components/schemas/Pet'\n",
        "                $ref: '#/components/schemas/Pet'\n              example:\n                $ref: '#/components/examples/Rex'\n")
        .replace('components:\n', 'components:\n  examples:\n    Rex:\n      value: {name: Rex}\n    Max:\n      value: {name: Max}\n');
      const unused = withCode(await diagnose({ 'a.yaml': text }, 'a.yaml'), 'oas.component.unused');
      assert.deepEqual(unused.map((d) => d.range), [rangeOf(text, 'Max')]);
    });

    it('counts refs under entries named like keywords (a `default` response or example)', async () => {
      const text = petstore
        .replace("        '200':\n", "        default:\n          $ref: '#/components/responses/Error'\n        '200':\n")
        .replace("                $ref: '#/components/schemas/Pet'\n", "                $ref: '#/components/schemas/Pet'\n              examples:\n                default:\n                  $ref: '#/components/examples/Rex'\n")
        .replace('components:\n', "components:\n  responses:\n    Error:\n      description: failed\n  examples:\n    Rex:\n      value: {name: Rex}\n");
      assert.deepEqual(await diagnose({ 'a.yaml': text }, 'a.yaml'), []);
      const broken = text.replace("'#/components/examples/Rex'", "'#/components/examples/Max'");
      const [d] = await diagnose({ 'a.yaml': broken }, 'a.yaml');
      assert.equal(d.code, 'oas.ref.unresolved');
    });

    it('hints at components nobody references, faded', async () => {
      const text = petstore + '    Unused:\n      type: string\n';
      const [d] = withCode(await diagnose({ 'a.yaml': text }, 'a.yaml'), 'oas.component.unused');
      assert.deepEqual(d.range, rangeOf(text, 'Unused'));
      assert.equal(d.severity, DiagnosticSeverity.Hint);
      assert.deepEqual(d.tags, [1]);
    });
  });

  describe('schema findings beside semantic ones at the same key', () => {
    it('an operation without a description still gets its missing responses reported', async () => {
      const text = petstore.replace('      summary: Get a pet\n', '').replace(/      responses:\n[\s\S]*?(?=components:)/, '');
      const diagnostics = await diagnose({ 'a.yaml': text }, 'a.yaml', { rules: { 'oas.component.unused': 'off' } });
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.range, d.message]),
        [
          ['oas.operation.missingDescription', rangeOf(text, 'get'), '`GET /pets/{petId}` has neither a summary nor a description.'],
          ['oas.schema.missingKey', rangeOf(text, 'get'), 'An Operation Object requires `responses`.'],
        ],
      );
    });

    it('an unused component that breaks the schema gets both findings', async () => {
      const text = petstore + '  securitySchemes:\n    key:\n      type: apiKey\n      in: header\n';
      const diagnostics = await diagnose({ 'a.yaml': text }, 'a.yaml');
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.range, d.message]),
        [
          ['oas.component.unused', rangeOf(text, 'key'), 'The security scheme `key` is never used.'],
          ['oas.schema.missingKey', rangeOf(text, 'key'), 'An apiKey Security Scheme Object requires `name`.'],
        ],
      );
    });
  });

  describe('syntax', () => {
    it('reports every YAML syntax error and duplicate keys', async () => {
      const text = petstore.replace('  title: Pets\n', '  title: Pets\n  title: Again\n');
      const [d] = withCode(await diagnose({ 'a.yaml': text }, 'a.yaml'), 'syntax.duplicateKey');
      assert.deepEqual(d.range, rangeOf(text, 'title', 1));
    });

    it('reports JSON syntax errors at their place, and all of them', async () => {
      const text = '{\n  "openapi": "3.0.3",\n  "info": {"title": "x" "version": "1"},\n  "paths": {,}\n}';
      const d = withCode(await diagnose({ 'a.json': text }, 'a.json'), 'syntax.error');
      assert.ok(d.length >= 2, JSON.stringify(d));
      assert.deepEqual(d[0].range.start, rangeOf(text, '"version"').start);
    });

    it('checks JSON documents with a BOM and CRLF line endings at the right place', async () => {
      const json = JSON.stringify({ openapi: '3.0.3', info: { title: 'x', version: '1' }, paths: {}, components: { schemas: { Lonely: { type: 'string' } } } }, null, 2).replace(/\n/g, '\r\n');
      const [d] = withCode(await diagnose({ 'a.json': '\uFEFF' + json }, 'a.json'), 'oas.component.unused');
      assert.deepEqual(d.range, rangeOf('\uFEFF' + json, '"Lonely"'));
    });
  });

  describe('configuration', () => {
    it('changes severities per code and turns rules off', async () => {
      const text = petstore + '    Unused:\n      type: string\n';
      const [d] = await diagnose({ 'a.yaml': text }, 'a.yaml', { rules: { 'oas.component.unused': 'warning' } });
      assert.equal(d.severity, DiagnosticSeverity.Warning);
      assert.deepEqual(await diagnose({ 'a.yaml': text }, 'a.yaml', { rules: { 'oas.component.*': 'off' } }), []);
    });

    it('honours # interface-studio-disable-next-line', async () => {
      const text = petstore + '    # interface-studio-disable-next-line oas.component.unused\n    Unused:\n      type: string\n    Other:\n      type: string\n';
      const d = await diagnose({ 'a.yaml': text }, 'a.yaml');
      assert.deepEqual(d.map((x) => x.range), [rangeOf(text, 'Other')]);
    });
  });
});

describe('concurrent checks', () => {
  it('a cancelled check does not leave the next check of the same root without a fresh answer', async () => {
    const root = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: './b.yaml#/B'\n";
    const { service, workspace } = serviceFor({ 'a.yaml': root, 'b.yaml': 'B:\n  type: object\n' });
    const cancelled = { isCancellationRequested: false };
    const first = service.diagnose(WS + 'a.yaml', cancelled);
    cancelled.isCancellationRequested = true;
    workspace.set(WS + 'b.yaml', 'C:\n  type: object\n');
    const second = await service.diagnose(WS + 'a.yaml');
    await first.catch(() => undefined);
    assert.deepEqual(second.map((d) => String(d.code)).filter((c) => c.startsWith('oas.ref')), ['oas.ref.unresolved']);
  });
});
