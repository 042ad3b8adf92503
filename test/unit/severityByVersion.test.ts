import assert from 'node:assert/strict';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/service/builtinKinds';
import { defaultsText, rulesTable } from '../../server/src/service/rules';
import { InMemoryWorkspace } from '../../server/src/service/workspace';
import { diagnose, rangeOf, serviceFor, withCode, WS } from '../support/service';

const { Error, Warning, Hint } = DiagnosticSeverity;
const ruleInfo = (code: string) => createLanguageService({ workspace: new InMemoryWorkspace() }).rules.get(code);

/** One operation with a query parameter whose schema has `default: fast` outside its enum; `extra` goes into the operation. */
function spec(version: '2.0' | '3.0.3' | '3.1.0', extra = ''): string {
  if (version === '2.0') {
    return `swagger: '2.0'
info: { title: Shop, version: '1' }
paths:
  /orders:
    get:
      summary: List orders
      parameters:
        - { name: speed, in: query, type: string, enum: [slow, medium], default: fast }
${extra}      responses: { '200': { description: OK } }
`;
  }
  return `openapi: ${version}
info: { title: Shop, version: '1' }
paths:
  /orders:
    get:
      summary: List orders
      parameters:
        - name: speed
          in: query
          schema: { type: string, enum: [slow, medium], default: fast }
${extra}      responses: { '200': { description: OK } }
`;
}

function severitiesOf(diagnostics: Diagnostic[], code: string): (DiagnosticSeverity | undefined)[] {
  return withCode(diagnostics, code).map((d) => d.severity);
}

describe('default severities by the words of each OpenAPI version', () => {
  describe('oas.default.mismatch: MUST in 2.0 and 3.0, RECOMMENDED in 3.1', () => {
    for (const [version, severity] of [['2.0', Error], ['3.0.3', Error], ['3.1.0', Warning]] as const) {
      it(`is ${severity === Error ? 'an error' : 'a warning'} in ${version}`, async () => {
        const text = spec(version);
        const [d, ...rest] = withCode(await diagnose({ 'a.yaml': text }, 'a.yaml'), 'oas.default.mismatch');
        assert.equal(rest.length, 0);
        assert.deepEqual(d.range, rangeOf(text, 'fast'));
        assert.equal(d.severity, severity);
      });
    }

    it('is an error for a 2.0 Schema Object under `definitions` too ("Unlike JSON Schema, the value MUST conform")', async () => {
      const text = spec('2.0').replace('default: fast', 'default: slow') + 'definitions:\n  Order: { type: integer, default: many }\n';
      assert.deepEqual(severitiesOf(await diagnose({ 'a.yaml': text }, 'a.yaml'), 'oas.default.mismatch'), [Error]);
    });

    it('gives a user setting precedence over the default of every version, by code or by prefix', async () => {
      for (const version of ['2.0', '3.0.3', '3.1.0'] as const) {
        const files = { 'a.yaml': spec(version) };
        assert.deepEqual(severitiesOf(await diagnose(files, 'a.yaml', { rules: { 'oas.default.mismatch': 'hint' } }), 'oas.default.mismatch'), [Hint], version);
        assert.deepEqual(severitiesOf(await diagnose(files, 'a.yaml', { rules: { 'oas.default.*': 'error' } }), 'oas.default.mismatch'), [Error], version);
        assert.deepEqual(severitiesOf(await diagnose(files, 'a.yaml', { rules: { 'oas.default.mismatch': 'off' } }), 'oas.default.mismatch'), [], version);
      }
    });

    it('judges a fragment by the version of the root it is checked under', async () => {
      const fragment = 'Speed: { type: string, enum: [slow, medium], default: fast }\n';
      const root = (version: string) => `openapi: ${version}
info: { title: Shop, version: '1' }
paths:
  /orders:
    get:
      summary: List orders
      parameters:
        - { name: speed, in: query, schema: { $ref: 'speed.yaml#/Speed' } }
      responses: { '200': { description: OK } }
`;
      for (const [version, severity] of [['3.0.3', Error], ['3.1.0', Warning]] as const) {
        const { service } = serviceFor({ 'a.yaml': root(version), 'speed.yaml': fragment });
        const [d] = withCode(await service.diagnose(WS + 'speed.yaml'), 'oas.default.mismatch');
        assert.deepEqual(d?.range, rangeOf(fragment, 'fast'), version);
        assert.equal(d.severity, severity, version);
      }
    });
  });

  describe('path templates: MUST in 3.0.3 and 3.1, not said in 2.0', () => {
    const undeclared = (version: '2.0' | '3.0.3' | '3.1.0') => spec(version).replace('default: fast', 'default: slow').replace('/orders:', '/orders/{id}:');
    for (const [version, severity] of [['2.0', Warning], ['3.0.3', Error], ['3.1.0', Error]] as const) {
      it(`an undeclared template variable is ${severity === Error ? 'an error' : 'a warning'} in ${version}`, async () => {
        const text = undeclared(version);
        const [d] = withCode(await diagnose({ 'a.yaml': text }, 'a.yaml'), 'oas.path.parameterUndeclared');
        assert.deepEqual(d?.range, rangeOf(text, '{id}'));
        assert.equal(d.severity, severity);
      });

      it(`equivalent path templates are ${severity === Error ? 'an error' : 'a warning'} in ${version}`, async () => {
        const parameter = version === '2.0' ? '{ name: id, in: path, required: true, type: string }' : '{ name: id, in: path, required: true, schema: { type: string } }';
        const item = (name: string) => `  /orders/{${name}}:\n    parameters: [${parameter.replace('id', name)}]\n    get: { summary: One order, responses: { '200': { description: OK } } }\n`;
        const text = spec(version).replace('default: fast', 'default: slow').replace('paths:\n', `paths:\n${item('id')}${item('key')}`);
        const [d] = withCode(await diagnose({ 'a.yaml': text }, 'a.yaml'), 'oas.path.equivalent');
        assert.deepEqual(d?.range, rangeOf(text, '/orders/{key}'));
        assert.equal(d.severity, severity);
      });
    }
  });

  it('an OAuth2 scope the scheme does not list is a warning in every version (no version says MUST)', async () => {
    const scheme = {
      '2.0': "securityDefinitions:\n  oauth: { type: oauth2, flow: implicit, authorizationUrl: 'https://auth.example.com', scopes: { read: Read } }\n",
      '3.0.3': "components:\n  securitySchemes:\n    oauth: { type: oauth2, flows: { implicit: { authorizationUrl: 'https://auth.example.com', scopes: { read: Read } } } }\n",
      '3.1.0': "components:\n  securitySchemes:\n    oauth: { type: oauth2, flows: { implicit: { authorizationUrl: 'https://auth.example.com', scopes: { read: Read } } } }\n",
    };
    for (const version of ['2.0', '3.0.3', '3.1.0'] as const) {
      const text = spec(version, '      security: [ { oauth: [raed] } ]\n').replace('default: fast', 'default: slow') + scheme[version];
      const [d, ...rest] = withCode(await diagnose({ 'a.yaml': text }, 'a.yaml'), 'oas.security.undefinedScope');
      assert.equal(rest.length, 0, version);
      assert.deepEqual(d?.range, rangeOf(text, 'raed'), version);
      assert.equal(d.severity, Warning, version);
      assert.match(String(d.message), /did you mean `read`\?/);
    }
  });

  it('writes the defaults of the README table per version where they differ', () => {
    assert.equal(defaultsText(ruleInfo('oas.default.mismatch')!), 'error (2.0, 3.0), warning (3.1)');
    assert.equal(defaultsText(ruleInfo('oas.path.equivalent')!), 'warning (2.0), error (3.0, 3.1)');
    assert.equal(defaultsText(ruleInfo('oas.operationId.duplicate')!), 'error');
    assert.match(rulesTable([ruleInfo('oas.default.mismatch')!]), /^\| `oas\.default\.mismatch` \| error \(2\.0, 3\.0\), warning \(3\.1\) \| .* \| .*RECOMMENDED.* \|$/m);
  });
});
