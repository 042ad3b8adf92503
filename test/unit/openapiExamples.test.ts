import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { openApiRules } from '../../server/src/service/openapi/analysis';
import { checkExamples } from '../../server/src/service/openapi/rules/examples';
import { explodingExampleSpec } from '../support/pathological';
import { diagnose, rangeOf, serviceFor, withCode, WS } from '../support/service';

/** A 3.x document whose single operation takes `body` as its JSON request body and has `schemas` as components. */
function oas3(version: '3.0.3' | '3.1.0', schemas: string, mediaType = ''): string {
  return `openapi: ${version}
info:
  title: Shop
  version: 1.0.0
paths:
  /orders:
    post:
      operationId: createOrder
      summary: Create an order
      requestBody:
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Order'
${mediaType}      responses:
        '204':
          description: Created
components:
  schemas:
${schemas}`;
}

const order = `    Order:
      type: object
      required: [id, customer]
      properties:
        id:
          type: integer
        customer:
          type: object
          required: [email]
          properties:
            email:
              type: string
              format: email
            since:
              type: string
              format: date-time
        status:
          type: string
          enum: [open, paid]
          default: open
        code:
          type: string
          pattern: '^[A-Z]{3}$'
`;

/** The range of `snippet` in the first place it occurs after `after`. */
function rangeAfter(text: string, after: string, snippet: string): ReturnType<typeof rangeOf> {
  const start = text.indexOf(after);
  assert.ok(start >= 0, `"${after}" is not in the text`);
  return rangeOf(text, snippet, text.slice(0, start).split(snippet).length - 1);
}

function mismatches(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.code === 'oas.example.mismatch' || d.code === 'oas.default.mismatch');
}

function exampleOf(yaml: string, indent = '            '): string {
  return yaml.split('\n').map((line) => (line === '' ? line : indent + line)).join('\n') + '\n';
}

describe('examples and defaults that do not match their schemas', () => {
  for (const version of ['3.0.3', '3.1.0'] as const) {
    describe(`OpenAPI ${version}`, () => {
      it('gives nothing for matching examples and defaults', async () => {
        const text = oas3(version, order, exampleOf(`example:\n  id: 7\n  customer: { email: ann@example.com, since: '2024-01-31T09:30:00Z' }\n  status: paid\n  code: ABC`));
        assert.deepEqual(await diagnose({ 'a.yaml': text }, 'a.yaml'), []);
      });

      it('reports a wrong type at the nested property, as a warning', async () => {
        const text = oas3(version, order, exampleOf(`example:\n  id: abc\n  customer: { email: ann@example.com }`));
        const [d, ...rest] = mismatches(await diagnose({ 'a.yaml': text }, 'a.yaml'));
        assert.equal(rest.length, 0);
        assert.equal(d.code, 'oas.example.mismatch');
        assert.equal(d.severity, DiagnosticSeverity.Warning);
        assert.deepEqual(d.range, rangeOf(text, 'abc'));
        assert.equal(d.message, 'The example does not match its schema: `id` must be an integer.');
      });

      it('reports a missing required property on the key of the object that lacks it', async () => {
        const text = oas3(version, order, exampleOf(`example:\n  id: 1\n  customer:\n    since: '2024-01-31T09:30:00Z'`));
        const [d, ...rest] = mismatches(await diagnose({ 'a.yaml': text }, 'a.yaml'));
        assert.equal(rest.length, 0);
        assert.deepEqual(d.range, rangeAfter(text, 'customer:\n                since', 'customer'));
        assert.equal(d.message, 'The example does not match its schema: `customer` lacks the required property `email`.');
      });

      it('reports a missing required property of the example itself on its `example` key', async () => {
        const text = oas3(version, order, exampleOf(`example:\n  id: 1`));
        const [d] = mismatches(await diagnose({ 'a.yaml': text }, 'a.yaml'));
        assert.deepEqual(d.range, rangeOf(text, 'example'));
        assert.equal(d.message, 'The example lacks the required property `customer`.');
      });

      // 3.0 says a default MUST conform; 3.1's JSON Schema only RECOMMENDS it.
      const severity = version === '3.0.3' ? 'an error' : 'a warning';
      it(`reports a default outside its enum as ${severity}`, async () => {
        const text = oas3(version, order.replace('default: open', 'default: fast'));
        const [d, ...rest] = mismatches(await diagnose({ 'a.yaml': text }, 'a.yaml'));
        assert.equal(rest.length, 0);
        assert.equal(d.code, 'oas.default.mismatch');
        assert.equal(d.severity, version === '3.0.3' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning);
        assert.deepEqual(d.range, rangeOf(text, 'fast'));
        assert.equal(d.message, 'The default `fast` is not one of `open`, `paid`.');
      });

      it('takes YAML infinities and NaN for no number, as JSON has none', async () => {
        const ratioType = version === '3.1.0' ? '[number, string]' : 'number';
        const text = oas3(version, order + `    Price:\n      type: number\n      example: .inf\n    Ratio:\n      type: ${ratioType}\n      example: .nan\n`);
        const found = mismatches(await diagnose({ 'a.yaml': text }, 'a.yaml'));
        assert.deepEqual(found.map((d) => [d.range, d.message]), [
          [rangeOf(text, '.inf'), 'The example must be a number.'],
          [rangeOf(text, '.nan'), `The example must be ${version === '3.1.0' ? 'a number or a string' : 'a number'}.`],
        ]);
      });

      it('checks patterns and formats', async () => {
        const text = oas3(version, order, exampleOf(`example:\n  id: 1\n  code: AB1\n  customer: { email: not-an-address, since: 31.01.2024 }`));
        const found = mismatches(await diagnose({ 'a.yaml': text }, 'a.yaml'));
        assert.deepEqual(found.map((d) => [d.range, d.message]), [
          [rangeOf(text, 'AB1'), 'The example does not match its schema: `code` must match the pattern `^[A-Z]{3}$`.'],
          [rangeOf(text, 'not-an-address'), 'The example does not match its schema: `customer.email` must be an email address.'],
          [rangeOf(text, '31.01.2024'), 'The example does not match its schema: `customer.since` must be a date-time such as `2024-01-31T09:30:00Z`.'],
        ]);
      });

      it('finds the Example Object a `$ref` names in components/examples, and reports there', async () => {
        const text = oas3(version, order, exampleOf(`examples:\n  paid:\n    $ref: '#/components/examples/PaidOrder'`))
          + `  examples:\n    PaidOrder:\n      value:\n        id: 1\n        customer: { email: ann@example.com }\n        status: settled\n`;
        const [d, ...rest] = mismatches(await diagnose({ 'a.yaml': text }, 'a.yaml'));
        assert.equal(rest.length, 0);
        assert.deepEqual(d.range, rangeOf(text, 'settled'));
        assert.equal(d.message, 'The example does not match its schema: `status` must be one of `open`, `paid`.');
      });

      it('follows a schema `$ref` into another file', async () => {
        const text = oas3(version, '    Order:\n      $ref: "./models.yaml#/Order"\n', exampleOf(`example:\n  id: 1\n  customer: { email: 42 }`));
        const models = order.replace(/^ {4}/gm, '').replace('Order:', 'Order:');
        const [d, ...rest] = mismatches(await diagnose({ 'a.yaml': text, 'models.yaml': models }, 'a.yaml'));
        assert.equal(rest.length, 0);
        assert.deepEqual(d.range, rangeOf(text, '42'));
        assert.equal(d.message, 'The example does not match its schema: `customer.email` must be a string.');
      });

      it('checks a deep example of a recursive schema', async () => {
        const tree = `    Order:\n      type: object\n      properties:\n        name: { type: string }\n        children:\n          type: array\n          items:\n            $ref: '#/components/schemas/Order'\n`;
        const good = oas3(version, tree, exampleOf(`example:\n  name: a\n  children:\n    - name: b\n      children:\n        - name: c\n          children: [ { name: d } ]`));
        assert.deepEqual(mismatches(await diagnose({ 'a.yaml': good }, 'a.yaml')), []);
        const bad = good.replace('name: d', 'name: 4');
        const [d] = mismatches(await diagnose({ 'a.yaml': bad }, 'a.yaml'));
        assert.deepEqual(d.range, rangeAfter(bad, 'name: 4 }', '4'));
        assert.equal(d.message, 'The example does not match its schema: `children[0].children[0].children[0].name` must be a string.');
      });

      it('accepts a request example without a required readOnly property', async () => {
        const text = oas3(version, order.replace('        id:\n          type: integer', '        id:\n          type: integer\n          readOnly: true'),
          exampleOf(`example:\n  customer: { email: ann@example.com }`));
        assert.deepEqual(mismatches(await diagnose({ 'a.yaml': text }, 'a.yaml')), []);
      });

      it('merges what allOf parts require', async () => {
        const schemas = `    Order:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - type: object\n          required: [total]\n          properties:\n            total: { type: number }\n    Base:\n      type: object\n      required: [id]\n      properties:\n        id: { type: integer }\n`;
        const good = oas3(version, schemas, exampleOf('example: { id: 1, total: 9.5 }'));
        assert.deepEqual(mismatches(await diagnose({ 'a.yaml': good }, 'a.yaml')), []);
        const bad = oas3(version, schemas, exampleOf('example: { total: 9.5 }'));
        const found = mismatches(await diagnose({ 'a.yaml': bad }, 'a.yaml'));
        assert.deepEqual(found.map((d) => d.message), ['The example lacks the required property `id`.']);
        const bad2 = oas3(version, schemas, exampleOf('example: { id: 1 }'));
        assert.deepEqual(mismatches(await diagnose({ 'a.yaml': bad2 }, 'a.yaml')).map((d) => d.message), ['The example lacks the required property `total`.']);
      });

      it('accepts an example matching one branch of a discriminated oneOf, and names what the closest branch misses', async () => {
        const schemas = `    Order:
      oneOf:
        - $ref: '#/components/schemas/Card'
        - $ref: '#/components/schemas/Invoice'
      discriminator:
        propertyName: kind
    Card:
      type: object
      required: [kind, number]
      properties:
        kind: { type: string }
        number: { type: string, pattern: '^[0-9]{16}$' }
    Invoice:
      type: object
      required: [kind, dueDays]
      properties:
        kind: { type: string }
        dueDays: { type: integer, minimum: 0 }
`;
        const good = oas3(version, schemas, exampleOf('example: { kind: Invoice, dueDays: 30 }'));
        assert.deepEqual(mismatches(await diagnose({ 'a.yaml': good }, 'a.yaml')), []);
        const bad = oas3(version, schemas, exampleOf('example: { kind: Invoice, dueDays: -3 }'));
        const [d, ...rest] = mismatches(await diagnose({ 'a.yaml': bad }, 'a.yaml'));
        assert.equal(rest.length, 0);
        assert.deepEqual(d.range, rangeOf(bad, '-3'));
        assert.equal(d.message, 'The example does not match its schema: `dueDays` must be at least 0.');
      });

      it('accepts anyOf when one branch matches and merges the types when none does', async () => {
        const schemas = `    Order:\n      anyOf:\n        - type: string\n        - type: integer\n`;
        assert.deepEqual(mismatches(await diagnose({ 'a.yaml': oas3(version, schemas, exampleOf('example: 12')) }, 'a.yaml')), []);
        const bad = oas3(version, schemas, exampleOf('example: true'));
        const [d] = mismatches(await diagnose({ 'a.yaml': bad }, 'a.yaml'));
        assert.deepEqual(d.range, rangeOf(bad, 'true'));
        assert.equal(d.message, 'The example must be a string or an integer.');
      });

      it('checks an example against a schema with an empty anyOf or oneOf without failing', async () => {
        const schemas = `    Order:\n      type: integer\n      anyOf: []\n      oneOf: []\n`;
        assert.deepEqual(mismatches(await diagnose({ 'a.yaml': oas3(version, schemas, exampleOf('example: 12')) }, 'a.yaml')), []);
        const bad = oas3(version, schemas, exampleOf('example: twelve'));
        const [d, ...rest] = mismatches(await diagnose({ 'a.yaml': bad }, 'a.yaml'));
        assert.equal(rest.length, 0);
        assert.deepEqual(d.range, rangeOf(bad, 'twelve'));
        assert.equal(d.message, 'The example must be an integer.');
      });

      it('checks parameter examples and Example Objects against the parameter schema', async () => {
        const text = oas3(version, order).replace('      requestBody:', `      parameters:
        - name: limit
          in: query
          schema: { type: integer, maximum: 100, default: 20 }
          examples:
            many: { value: 500 }
      requestBody:`);
        const [d, ...rest] = mismatches(await diagnose({ 'a.yaml': text }, 'a.yaml'));
        assert.equal(rest.length, 0);
        assert.deepEqual(d.range, rangeOf(text, '500'));
        assert.equal(d.message, 'The example must be at most 100.');
      });

      it('leaves XML and text examples written as strings alone', async () => {
        const text = oas3(version, order).replace('          application/json:', `          application/xml:
            schema:
              $ref: '#/components/schemas/Order'
            example: '<order><id>1</id></order>'
          application/json:`);
        assert.deepEqual(mismatches(await diagnose({ 'a.yaml': text }, 'a.yaml')), []);
      });
    });
  }

  describe('OpenAPI 3.0 dialect', () => {
    it('admits null only where the schema is nullable', async () => {
      const schemas = `    Order:\n      type: object\n      properties:\n        note: { type: string, nullable: true }\n        ref: { type: string }\n`;
      const good = oas3('3.0.3', schemas, exampleOf('example: { note: null }'));
      assert.deepEqual(mismatches(await diagnose({ 'a.yaml': good }, 'a.yaml')), []);
      const bad = oas3('3.0.3', schemas, exampleOf('example: { ref: null }'));
      const [d] = mismatches(await diagnose({ 'a.yaml': bad }, 'a.yaml'));
      assert.deepEqual(d.range, rangeOf(bad, 'null'));
      assert.equal(d.message, 'The example does not match its schema: `ref` must be a string.');
    });

    it('reads boolean exclusiveMinimum as draft 4 did', async () => {
      const schemas = `    Order:\n      type: number\n      minimum: 0\n      exclusiveMinimum: true\n      default: 0\n`;
      const [d] = mismatches(await diagnose({ 'a.yaml': oas3('3.0.3', schemas) }, 'a.yaml'));
      assert.equal(d.message, 'The default must be greater than 0.');
    });

    it('ignores the siblings of a $ref', async () => {
      const schemas = `    Order:\n      type: object\n      properties:\n        id:\n          $ref: '#/components/schemas/Id'\n          example: not checked\n    Id: { type: integer }\n`;
      assert.deepEqual(mismatches(await diagnose({ 'a.yaml': oas3('3.0.3', schemas) }, 'a.yaml')), []);
    });
  });

  describe('OpenAPI 3.1 dialect', () => {
    it('takes type arrays and checks the `examples` keyword of a schema', async () => {
      const schemas = `    Order:\n      type: object\n      properties:\n        note:\n          type: [string, 'null']\n          examples: [hello, null, 3]\n`;
      const text = oas3('3.1.0', schemas);
      const [d, ...rest] = mismatches(await diagnose({ 'a.yaml': text }, 'a.yaml'));
      assert.equal(rest.length, 0);
      assert.deepEqual(d.range, rangeAfter(text, '3]', '3'));
      assert.equal(d.message, 'The example must be a string or null.');
    });
  });

  describe('OpenAPI 2.0', () => {
    const swagger = `swagger: '2.0'
info: { title: Shop, version: 1.0.0 }
paths:
  /orders:
    get:
      operationId: listOrders
      summary: List orders
      parameters:
        - name: sort
          in: query
          type: string
          enum: [slow, medium]
          default: slow
        - name: ids
          in: query
          type: array
          items:
            type: integer
            default: 1
      responses:
        '200':
          description: The orders
          schema:
            $ref: '#/definitions/Order'
          examples:
            application/json:
              id: 1
              placed: '2024-01-31T09:30:00Z'
definitions:
  Order:
    type: object
    required: [id]
    properties:
      id: { type: integer, example: 3 }
      placed: { type: string, format: date-time }
`;

    it('gives nothing for matching defaults and examples', async () => {
      assert.deepEqual(await diagnose({ 'a.yaml': swagger }, 'a.yaml'), []);
    });

    it('checks parameter and items defaults', async () => {
      const text = swagger.replace('default: slow', 'default: fast').replace('default: 1', 'default: one');
      assert.deepEqual(mismatches(await diagnose({ 'a.yaml': text }, 'a.yaml')).map((d) => [d.code, d.severity, d.range, d.message]), [
        ['oas.default.mismatch', DiagnosticSeverity.Error, rangeOf(text, 'fast'), 'The default `fast` is not one of `slow`, `medium`.'],
        ['oas.default.mismatch', DiagnosticSeverity.Error, rangeOf(text, 'one'), 'The default must be an integer.'],
      ]);
    });

    it('checks Response `examples` against the response schema, and Schema `example`', async () => {
      const text = swagger.replace("placed: '2024-01-31T09:30:00Z'", 'placed: yesterday').replace('example: 3', 'example: three');
      assert.deepEqual(mismatches(await diagnose({ 'a.yaml': text }, 'a.yaml')).map((d) => [d.range, d.message]), [
        [rangeOf(text, 'yesterday'), 'The example does not match its schema: `placed` must be a date-time such as `2024-01-31T09:30:00Z`.'],
        [rangeOf(text, 'three'), 'The example must be an integer.'],
      ]);
    });
  });

  describe('what is not the example\'s fault', () => {
    it('accepts a value that matches overlapping oneOf alternatives', async () => {
      const schemas = `    Order:\n      oneOf:\n        - type: object\n          properties: { action: { type: string } }\n        - type: object\n`;
      assert.deepEqual(mismatches(await diagnose({ 'a.yaml': oas3('3.0.3', schemas, exampleOf('example: { action: started }')) }, 'a.yaml')), []);
    });

    it('accepts an empty-string default of a formatted string (it means "not set")', async () => {
      const schemas = `    Order:\n      type: object\n      properties:\n        url: { type: string, format: uri, default: '' }\n`;
      assert.deepEqual(mismatches(await diagnose({ 'a.yaml': oas3('3.0.3', schemas) }, 'a.yaml')), []);
    });

    it('says so when an Example Object puts a `$ref` inside `value`, where it is data', async () => {
      const text = oas3('3.0.3', order, exampleOf(`examples:\n  paid:\n    value:\n      $ref: '#/components/examples/PaidOrder'`))
        + `  examples:\n    PaidOrder:\n      value: { id: 1, customer: { email: ann@example.com } }\n`;
      const [d, ...rest] = mismatches(await diagnose({ 'a.yaml': text }, 'a.yaml'));
      assert.equal(rest.length, 0);
      assert.deepEqual(d.range, rangeOf(text, '$ref', 1));
      assert.match(String(d.message), /`\$ref` is not followed inside `value`/);
    });

    it('accepts a response example without a required writeOnly property', async () => {
      const schemas = `    Order:\n      type: object\n      required: [id, secret]\n      properties:\n        id: { type: integer }\n        secret: { type: string, writeOnly: true }\n      example: { id: 1 }\n`;
      assert.deepEqual(mismatches(await diagnose({ 'a.yaml': oas3('3.0.3', schemas) }, 'a.yaml')), []);
    });
  });

  describe('pathological schemas', () => {
    it('gives up quietly on a value whose check explodes', async () => {
      // 2^30 ways to fail: without the early stop the check would run until mocha's timeout. How fast it stops: `npm run bench`.
      assert.deepEqual(mismatches(await diagnose({ 'a.yaml': explodingExampleSpec() }, 'a.yaml')), []);
    });

    it('a schema that only refers to itself never hangs', async () => {
      const schemas = `    Order:\n      allOf:\n        - $ref: '#/components/schemas/Order'\n      example: { a: 1 }\n    Loop:\n      $ref: '#/components/schemas/Loop'\n      default: 1\n`;
      assert.deepEqual(mismatches(await diagnose({ 'a.yaml': oas3('3.1.0', schemas) }, 'a.yaml')), []);
    });
  });

  describe("GitHub's description", () => {
    it('has no default that breaks its schema; its example mismatches are counted', async function () {
      this.timeout(300_000);
      const path = join(process.cwd(), 'node_modules', '@octokit', 'openapi', 'generated', 'api.github.com.json');
      const text = readFileSync(path, 'utf8');
      // Time the rule itself, on a cold and on a warm run (an editor re-checks on every change).
      const index = openApiRules.indexOf(checkExamples);
      const ruleMs: number[] = [];
      openApiRules[index] = (context) => {
        const started = performance.now();
        const cpu = process.cpuUsage();
        checkExamples(context);
        const used = process.cpuUsage(cpu);
        ruleMs.push(Math.round(performance.now() - started));
        if (process.env.SHOW_CPU) console.log('cpu', Math.round((used.user + used.system) / 1000));
      };
      let diagnostics: Diagnostic[] = [];
      try {
        for (let run = 0; run < 2; run++) diagnostics = await serviceFor({ 'github.json': text }).service.diagnose(WS + 'github.json');
      } finally {
        openApiRules[index] = checkExamples;
      }
      const defaults = withCode(diagnostics, 'oas.default.mismatch');
      const examples = withCode(diagnostics, 'oas.example.mismatch');
      console.log(`      ${examples.length} example mismatches, ${defaults.length} default mismatches; the rule took ${ruleMs.join(' ms, then ')} ms`);
      if (process.env.SHOW_EXAMPLES) for (const d of examples) console.log(`        ${d.range.start.line + 1}: ${d.message}`);
      assert.deepEqual(defaults.map((d) => `${d.range.start.line + 1}: ${d.message}`), []);
    });
  });
});
