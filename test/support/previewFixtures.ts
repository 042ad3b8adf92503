/** A spec and a mapping the preview tests share. */
export const SPEC = `openapi: 3.0.3
info: { title: CRM, version: '1' }
paths: {}
components:
  schemas:
    Account:
      type: object
      required: [Id, Name]
      properties:
        Id: { type: string }
        Name: { type: string }
        Status__c: { type: string }
        Employees: { type: integer }
        BillingAddress:
          type: object
          properties:
            city: { type: string }
        Contacts:
          type: array
          items:
            type: object
            properties:
              Email: { type: string }
              Primary: { type: boolean }
    Customer:
      type: object
      required: [companyName, externalId]
      properties:
        companyName: { type: string, maxLength: 10 }
        externalId: { type: string }
        status: { type: string, enum: [ACTIVE, INACTIVE, UNKNOWN] }
        headcount: { type: integer }
        address:
          type: object
          properties:
            city: { type: string }
        contacts:
          type: array
          items:
            type: object
            properties:
              email: { type: string, format: email }
`;

export const MAPPING = `mapping: "1.0"
name: Account to Customer
source:
  spec: specs/crm.openapi.yaml
  schema: "#/components/schemas/Account"
target:
  spec: specs/crm.openapi.yaml
  schema: "#/components/schemas/Customer"
lookups:
  status: { Active: ACTIVE, Inactive: INACTIVE }
fields:
  - target: companyName
    expr: Name
  - target: externalId
    expr: "'SF-' & Id"
  - target: status
    expr: $lookup('status', Status__c)
    default: "'UNKNOWN'"
  - target: headcount
    expr: Employees
  - target: address.city
    expr: BillingAddress.city
  - target: contacts
    each: Contacts
    when: $count(Contacts) > 0
    fields:
      - target: email
        expr: Email
samples:
  - samples/acme.json
  - sample: samples/globex.json
    expect: samples/expected/globex.json
`;

