import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiReferenceDetailsRequest, ApiReferenceRequest, InterfaceDocumentRequest } from '../../server/src/protocol';
import { LspTestClient, uriOf, useExampleWorkspace } from '../support/lspClient';

describe('language server over stdio: API reference and interface specification', function () {
  this.timeout(120_000);
  const workspace = useExampleWorkspace('is-lsp-apiref-');
  let client: LspTestClient;
  let folder: string;
  beforeEach(() => ({ client, folder } = workspace.current()));

  it('answers interfaceStudio/apiReference for the multi-file ERP spec, and follows an edit', async () => {
    const path = join(folder, 'specs/erp/erp.openapi.yaml');
    const text = readFileSync(path, 'utf8');
    await client.open(uriOf(path), text);
    const model = await client.connection.sendRequest(ApiReferenceRequest, { uri: uriOf(path) });
    assert.ok(model);
    assert.equal(model.info.title, 'ERP REST API');
    const create = model.operations.find((o) => o.operationId === 'createSalesOrder')!;
    const body = create.requestBody!.content[0].schema!;
    assert.equal(model.schemas[body.ref!].name, 'SalesOrder');
    assert.match(model.files[Number(body.ref!.split('#')[0])], /schemas\/salesOrder\.yaml$/);

    await client.change(uriOf(path), text.replace('title: ERP REST API', 'title: ERP API, edited'));
    const edited = await client.connection.sendRequest(ApiReferenceRequest, { uri: uriOf(path) });
    assert.equal(edited?.info.title, 'ERP API, edited');
    // Not an OpenAPI document: null.
    assert.equal(await client.connection.sendRequest(ApiReferenceRequest, { uri: uriOf(join(folder, 'samples/order-1042.json')) }), null);
  });

  it('answers the outline of the ERP spec, then the details of an operation as the panel asks for them, and says when the outline is stale', async () => {
    const path = join(folder, 'specs/erp/erp.openapi.yaml');
    const text = readFileSync(path, 'utf8');
    const uri = uriOf(path);
    await client.open(uri, text);
    const outline = (await client.connection.sendRequest(ApiReferenceRequest, { uri, summary: true }))!;
    assert.ok(outline.lazy?.revision);
    const index = outline.operations.findIndex((o) => o.operationId === 'createSalesOrder');
    assert.ok(index >= 0);
    assert.equal(outline.operations[index].requestBody, undefined);
    const details = (await client.connection.sendRequest(ApiReferenceDetailsRequest, { uri, revision: outline.lazy.revision, operations: [index] }))!;
    const body = details.operations[0].operation.requestBody!.content[0].schema!;
    assert.equal(details.schemas[body.ref!].name, 'SalesOrder');
    assert.match(details.files[Number(body.ref!.split('#')[0])], /schemas\/salesOrder\.yaml$/);
    // A malformed request is refused with what is wrong.
    await assert.rejects(client.connection.sendRequest(ApiReferenceDetailsRequest, { uri, revision: outline.lazy.revision, operations: ['first'] } as never), /`operations` must be a list of operation indexes/);
    await client.change(uri, text.replace('title: ERP REST API', 'title: ERP API, edited'));
    const stale = (await client.connection.sendRequest(ApiReferenceDetailsRequest, { uri, revision: outline.lazy.revision, operations: [index] }))!;
    assert.equal(stale.stale, true);
  });

  it('answers interfaceStudio/interfaceDocument for a flow, in Markdown, with paths relative to where it is saved', async () => {
    const path = join(folder, 'flows/order-to-cash.flow.yaml');
    const result = await client.connection.sendRequest(InterfaceDocumentRequest, { uri: uriOf(path), format: 'md', trusted: false, baseUri: uriOf(join(folder, 'review.md')) });
    assert.match(result.text, /^# Order to cash\n/);
    assert.match(result.text, /ERP REST API `specs\/erp\/erp\.openapi\.yaml`/);
    assert.match(result.text, /```mermaid\nsequenceDiagram/);
    // In an untrusted workspace the samples are not run, and the document says so.
    assert.match(result.text, /Not run: the workspace is not trusted\./);
    assert.deepEqual(result.problems, []);
  });
});
