// Inputs that once took the service far too long, shared by the tests (which check what the user
// sees from them) and by `npm run bench` (which times them).

export const HEADER = 'openapi: 3.0.3\ninfo:\n  title: T\n  version: "1"\npaths: {}\n';

/** An alias bomb beside flow maps nested 999 deep: the fast YAML path declines it. */
export function aliasBombBesideDeepFlowMaps(): string {
  return HEADER + 'x-a: &a [1, 2]\nx-b: [*a, *a]\nx-deep: ' + '{a: '.repeat(999) + '1' + '}'.repeat(999) + '\n';
}

/** An apostrophe in a plain scalar before 999-deep nesting (the nesting count must read past it). */
export function apostropheBeforeDeepNesting(): string {
  return HEADER + "x-note: don't\nx-a: &a [1]\nx-b: [*a]\nx-deep: " + '['.repeat(999) + ']'.repeat(999) + '\n';
}

/** JSON with a 10 000-deep array under an extension. */
export function deepJson(depth = 10_000): string {
  return '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "x-deep": ' + '['.repeat(depth) + ']'.repeat(depth) + '}';
}

/** YAML with a 10 000-deep flow sequence under an extension. */
export function deepYaml(depth = 10_000): string {
  return HEADER + 'x-deep: ' + '['.repeat(depth) + ']'.repeat(depth) + '\n';
}

/**
 * A request-body example checked against a schema where each of `levels` levels tries the one
 * below twice: 2^levels ways to fail, unless the checker stops early.
 */
export function explodingExampleSpec(levels = 30): string {
  let schemas = `    Order: { $ref: '#/components/schemas/L${levels}' }\n    L0: { type: boolean }\n`;
  for (let i = 1; i <= levels; i++) schemas += `    L${i}: { anyOf: [ { $ref: '#/components/schemas/L${i - 1}' }, { allOf: [ { $ref: '#/components/schemas/L${i - 1}' } ] } ] }\n`;
  return `openapi: 3.1.0
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
            example: text
      responses:
        '204':
          description: Created
components:
  schemas:
${schemas}`;
}

/** A mapping (at m/x.mapping.yaml) whose source and target are a schema of `count` required string fields (big.json), with one rule. */
export function wideMappingFiles(count = 5000): Record<string, string> {
  const properties: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) properties[`f${i}`] = { type: 'string' };
  return {
    'big.json': JSON.stringify({ type: 'object', required: Object.keys(properties), properties }),
    'm/x.mapping.yaml': `mapping: "1.0"
source:
  spec: ../big.json
target:
  spec: ../big.json
fields:
  - target: f1
    expr: f2
`,
  };
}
