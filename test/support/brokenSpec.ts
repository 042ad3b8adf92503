/**
 * An OpenAPI 3.1 document with a syntax error (an unclosed flow sequence in getB's summary), a
 * `$ref` to a component that does not exist and one to a file that does not exist: what the API
 * reference and the exported document must still show, with the broken places marked.
 */
export const SPEC_WITH_BROKEN_PARTS = `openapi: 3.1.0
info: { title: Broken, version: "1" }
paths:
  /a:
    get:
      operationId: getA
      parameters:
        - $ref: '#/components/parameters/Missing'
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: './nowhere.yaml#/Thing' }
  /b:
    get:
      operationId: getB
      summary: [unclosed
      responses: { '200': { description: ok } }
`;
