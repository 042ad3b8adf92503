/**
 * The OWASP API Security Top 10 (2023) ruleset of `@stoplight/spectral-owasp-ruleset` 2.0.1 (MIT),
 * which is published as JavaScript: its rules as data, extended by the package name as Spectral
 * does. Its two own functions are in owaspFunctions.ts; every other function is a core one.
 */
export const OWASP_PACKAGE = '@stoplight/spectral-owasp-ruleset';

export const OWASP_RULESET = {
  "formats": [
    "oas2",
    "oas3"
  ],
  "aliases": {
    "ArrayProperties": {
      "targets": [
        {
          "formats": [
            "oas2",
            "oas3.0"
          ],
          "given": [
            "$..[?(@ && @.type==\"array\")]"
          ]
        },
        {
          "formats": [
            "oas3.1"
          ],
          "given": [
            "$..[?(@ && @.type==\"array\")]",
            "$..[?(@ && @.type && @.type.constructor.name === \"Array\" && @.type.includes(\"array\"))]"
          ]
        }
      ]
    },
    "IntegerProperties": {
      "targets": [
        {
          "formats": [
            "oas2",
            "oas3.0"
          ],
          "given": [
            "$..[?(@ && @.type==\"integer\")]"
          ]
        },
        {
          "formats": [
            "oas3.1"
          ],
          "given": [
            "$..[?(@ && @.type==\"integer\")]",
            "$..[?(@ && @.type && @.type.constructor.name === \"Array\" && @.type.includes(\"integer\"))]"
          ]
        }
      ]
    },
    "StringProperties": {
      "targets": [
        {
          "formats": [
            "oas2",
            "oas3.0"
          ],
          "given": [
            "$..[?(@ && @.type==\"string\")]"
          ]
        },
        {
          "formats": [
            "oas3.1"
          ],
          "given": [
            "$..[?(@ && @.type==\"string\")]",
            "$..[?(@ && @.type && @.type.constructor.name === \"Array\" && @.type.includes(\"string\"))]"
          ]
        }
      ]
    }
  },
  "rules": {
    "owasp:api1:2023-no-numeric-ids": {
      "description": "Use random IDs that cannot be guessed. UUIDs are preferred but any other random string will do.",
      "severity": 0,
      "given": "$.paths..parameters[*][?(@property === \"name\" && (@ === \"id\" || @.match(/(_id|Id|-id)$/)))]^.schema",
      "then": {
        "function": "schema",
        "functionOptions": {
          "schema": {
            "type": "object",
            "not": {
              "properties": {
                "type": {
                  "const": "integer"
                }
              }
            }
          }
        }
      }
    },
    "owasp:api2:2023-no-http-basic": {
      "message": "Security scheme uses HTTP Basic. Use a more secure authentication method, like OAuth 2, or OpenID.",
      "description": "Basic authentication credentials transported over network are more susceptible to interception than other forms of authentication, and as they are not encrypted it means passwords and tokens are more easily leaked.",
      "severity": 0,
      "given": "$.components.securitySchemes[*]",
      "then": {
        "field": "scheme",
        "function": "pattern",
        "functionOptions": {
          "notMatch": "basic"
        }
      }
    },
    "owasp:api2:2023-no-api-keys-in-url": {
      "message": "API Key passed in URL: {{error}}.",
      "description": "API Keys are are passed in headers, cookies or query parameters to access APIs Those keys can be eavesdropped, especially when they are passed in the URL as logging or history tools will keep track of them and potentially expose them.",
      "severity": 0,
      "formats": [
        "oas3"
      ],
      "given": [
        "$..[securitySchemes][?(@ && @.type==\"apiKey\")].in"
      ],
      "then": [
        {
          "function": "pattern",
          "functionOptions": {
            "notMatch": "^(path|query)$"
          }
        }
      ]
    },
    "owasp:api2:2023-no-credentials-in-url": {
      "message": "Security credentials detected in path parameter: {{value}}.",
      "description": "URL parameters MUST NOT contain credentials such as API key, password, or secret. See [RAC_GEN_004](https://docs.italia.it/italia/piano-triennale-ict/lg-modellointeroperabilita-docs/it/bozza/doc/04_Raccomandazioni%20di%20implementazione/04_raccomandazioni-tecniche-generali/01_globali.html?highlight=credenziali#rac-gen-004-non-passare-credenziali-o-dati-riservati-nellurl)",
      "severity": 0,
      "formats": [
        "oas3"
      ],
      "given": [
        "$..parameters[?(@ && @.in && @.in.match(/query|path/))].name"
      ],
      "then": [
        {
          "field": "name",
          "function": "pattern",
          "functionOptions": {
            "notMatch": "/^.*(client_?secret|token|access_?token|refresh_?token|id_?token|password|secret|api-?key).*$/i"
          }
        }
      ]
    },
    "owasp:api2:2023-auth-insecure-schemes": {
      "message": "Authentication scheme is considered outdated or insecure: {{value}}.",
      "description": "There are many [HTTP authorization schemes](https://www.iana.org/assignments/http-authschemes/) but some of them are now considered insecure, such as negotiating authentication using specifications like NTLM or OAuth v1.",
      "severity": 0,
      "formats": [
        "oas3"
      ],
      "given": [
        "$..[securitySchemes][?(@.type==\"http\")].scheme"
      ],
      "then": [
        {
          "function": "pattern",
          "functionOptions": {
            "notMatch": "^(negotiate|oauth)$"
          }
        }
      ]
    },
    "owasp:api2:2023-jwt-best-practices": {
      "message": "Security schemes using JWTs must explicitly declare support for RFC8725 in the description.",
      "description": "JSON Web Tokens RFC7519 is a compact, URL-safe, means of representing claims to be transferred between two parties. JWT can be enclosed in encrypted or signed tokens like JWS and JWE.\n\nThe [JOSE IANA registry](https://www.iana.org/assignments/jose/jose.xhtml) provides algorithms information.\n\nRFC8725 describes common pitfalls in the JWx specifications and in\ntheir implementations, such as:\n- the ability to ignore algorithms, eg. `{\"alg\": \"none\"}`;\n- using insecure algorithms like `RSASSA-PKCS1-v1_5` eg. `{\"alg\": \"RS256\"}`.\nAn API using JWT should explicit in the `description`\nthat the implementation conforms to RFC8725.\n```\ncomponents:\n  securitySchemes:\n    JWTBearer:\n      type: http\n      scheme: bearer\n      bearerFormat: JWT\n      description: |-\n        A bearer token in the format of a JWS and conformato\n        to the specifications included in RFC8725.\n```",
      "severity": 0,
      "given": [
        "$.components.securitySchemes[?(@ && @.type==\"oauth2\")]",
        "$.components.securitySchemes[?(@ && (@.bearerFormat==\"jwt\" || @.bearerFormat==\"JWT\"))]"
      ],
      "then": [
        {
          "field": "description",
          "function": "truthy"
        },
        {
          "field": "description",
          "function": "pattern",
          "functionOptions": {
            "match": ".*RFC8725.*"
          }
        }
      ]
    },
    "owasp:api2:2023-short-lived-access-tokens": {
      "message": "Authentication scheme does not appear to support refresh tokens, meaning access tokens likely do not expire.",
      "description": "Using short-lived access tokens is a good practice, and when using OAuth 2 this is done by using refresh tokens. If a malicious actor is able to get hold of an access token then rotation means that token might not work by the time they try to use it, or it could at least reduce how long they are able to perform malicious requests.",
      "severity": 0,
      "given": [
        "$.components.securitySchemes[?(@ && @.type==\"oauth2\")].flows.*"
      ],
      "then": [
        {
          "field": "refreshUrl",
          "function": "truthy"
        }
      ]
    },
    "owasp:api2:2023-write-restricted": {
      "message": "This write operation is not protected by any security scheme.",
      "description": "All write operations (POST, PUT, PATCH, DELETE) must be secured by at least one security scheme. Security schemes are defined in the `securityScheme` section then referenced in the `security` key at the global or operation levels.",
      "severity": 0,
      "given": "$",
      "then": [
        {
          "function": "checkSecurity",
          "functionOptions": {
            "schemesPath": [
              "securitySchemes"
            ],
            "methods": [
              "post",
              "put",
              "patch",
              "delete"
            ]
          }
        }
      ]
    },
    "owasp:api2:2023-read-restricted": {
      "message": "This read operation is not protected by any security scheme.",
      "description": "Read operations (GET, HEAD) should be secured by at least one security scheme. Security schemes are defined in the `securityScheme` section then referenced in the `security` key at the global or operation levels.",
      "severity": 1,
      "given": "$",
      "then": [
        {
          "function": "checkSecurity",
          "functionOptions": {
            "schemesPath": [
              "securitySchemes"
            ],
            "nullable": true,
            "methods": [
              "get",
              "head"
            ]
          }
        }
      ]
    },
    "owasp:api3:2023-no-additionalProperties": {
      "message": "If the additionalProperties keyword is used it must be set to false.",
      "description": "By default JSON Schema allows additional properties, which can potentially lead to mass assignment issues, where unspecified fields are passed to the API without validation. Disable them with `additionalProperties: false` or add `maxProperties`.",
      "severity": 1,
      "formats": [
        "oas3.0"
      ],
      "given": "$..[?(@ && @.type==\"object\" && @.additionalProperties)]",
      "then": [
        {
          "field": "additionalProperties",
          "function": "falsy"
        }
      ]
    },
    "owasp:api3:2023-constrained-additionalProperties": {
      "message": "Objects should not allow unconstrained additionalProperties.",
      "description": "By default JSON Schema allows additional properties, which can potentially lead to mass assignment issues, where unspecified fields are passed to the API without validation. Disable them with `additionalProperties: false` or add `maxProperties`",
      "severity": 1,
      "formats": [
        "oas3.0"
      ],
      "given": "$..[?(@ && @.type==\"object\" && @.additionalProperties &&  @.additionalProperties!=true &&  @.additionalProperties!=false )]",
      "then": [
        {
          "field": "maxProperties",
          "function": "defined"
        }
      ]
    },
    "owasp:api3:2023-no-unevaluatedProperties": {
      "message": "If the unevaluatedProperties keyword is used it must be set to false.",
      "description": "By default JSON Schema allows unevaluated properties, which can potentially lead to mass assignment issues, where unspecified fields are passed to the API without validation. Disable them with `unevaluatedProperties: false` or add `maxProperties`.",
      "severity": 1,
      "formats": [
        "oas3.1"
      ],
      "given": "$..[?(@ && @.type==\"object\" && @.unevaluatedProperties)]",
      "then": [
        {
          "field": "unevaluatedProperties",
          "function": "falsy"
        }
      ]
    },
    "owasp:api3:2023-constrained-unevaluatedProperties": {
      "message": "Objects should not allow unconstrained unevaluatedProperties.",
      "description": "By default JSON Schema allows unevaluated properties, which can potentially lead to mass assignment issues, where unspecified fields are passed to the API without validation. Disable them with `unevaluatedProperties: false` or add `maxProperties`",
      "severity": 1,
      "formats": [
        "oas3.1"
      ],
      "given": "$..[?(@ && @.type==\"object\" && @.unevaluatedProperties &&  @.unevaluatedProperties!=true &&  @.unevaluatedProperties!=false )]",
      "then": [
        {
          "field": "maxProperties",
          "function": "defined"
        }
      ]
    },
    "owasp:api4:2023-rate-limit": {
      "message": "All 2XX and 4XX responses should define rate limiting headers.",
      "description": "Define proper rate limiting to avoid attackers overloading the API. There are many ways to implement rate-limiting, but most of them involve using HTTP headers, and there are two popular ways to do that:\n\nIETF Draft HTTP RateLimit Headers:. https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/\n\nCustomer headers like X-Rate-Limit-Limit (Twitter: https://developer.twitter.com/en/docs/twitter-api/rate-limits) or X-RateLimit-Limit (GitHub: https://docs.github.com/en/rest/overview/resources-in-the-rest-api)",
      "severity": 0,
      "formats": [
        "oas3"
      ],
      "given": "$.paths[*]..responses[?(@property.match(/^(2|4)/))]",
      "then": {
        "field": "headers",
        "function": "schema",
        "functionOptions": {
          "schema": {
            "type": "object",
            "oneOf": [
              {
                "required": [
                  "RateLimit"
                ]
              },
              {
                "required": [
                  "RateLimit-Limit",
                  "RateLimit-Reset"
                ]
              },
              {
                "required": [
                  "X-RateLimit-Limit"
                ]
              },
              {
                "required": [
                  "X-Rate-Limit-Limit"
                ]
              }
            ]
          }
        }
      }
    },
    "owasp:api4:2023-rate-limit-retry-after": {
      "message": "A 429 response should define a Retry-After header.",
      "description": "Define proper rate limiting to avoid attackers overloading the API. Part of that involves setting a Retry-After header so well meaning consumers are not polling and potentially exacerbating problems.",
      "severity": 0,
      "formats": [
        "oas3"
      ],
      "given": "$..responses[429].headers",
      "then": {
        "field": "Retry-After",
        "function": "defined"
      }
    },
    "owasp:api4:2023-rate-limit-responses-429": {
      "message": "Operation is missing rate limiting response in {{property}}.",
      "description": "OWASP API Security recommends defining schemas for all responses, even errors. A HTTP 429 response signals the API client is making too many requests, and will supply information about when to retry so that the client can back off calmly without everything breaking. Defining this response is important not just for documentation, but to empower contract testing to make sure the proper JSON structure is being returned instead of leaking implementation details in backtraces. It also ensures your API/framework/gateway actually has rate limiting set up.",
      "severity": 1,
      "given": "$.paths..responses",
      "then": [
        {
          "field": "429",
          "function": "truthy"
        },
        {
          "field": "429.content",
          "function": "truthy"
        }
      ]
    },
    "owasp:api4:2023-array-limit": {
      "message": "Schema of type array must specify maxItems.",
      "description": "Array size should be limited to mitigate resource exhaustion attacks. This can be done using `maxItems`. You should ensure that the subschema in `items` is constrained too.",
      "severity": 0,
      "given": "#ArrayProperties",
      "then": {
        "field": "maxItems",
        "function": "defined"
      }
    },
    "owasp:api4:2023-string-limit": {
      "message": "Schema of type string must specify maxLength, enum, or const.",
      "description": "String size should be limited to mitigate resource exhaustion attacks. This can be done using `maxLength`, `enum` or `const`.",
      "severity": 0,
      "given": "#StringProperties",
      "then": {
        "function": "schema",
        "functionOptions": {
          "schema": {
            "type": "object",
            "anyOf": [
              {
                "required": [
                  "maxLength"
                ]
              },
              {
                "required": [
                  "enum"
                ]
              },
              {
                "required": [
                  "const"
                ]
              }
            ]
          }
        }
      }
    },
    "owasp:api4:2023-string-restricted": {
      "message": "Schema of type string should specify a format, pattern, enum, or const.",
      "description": "To avoid unexpected values being sent or leaked, strings should have a `format`, RegEx `pattern`, `enum`, or `const`.",
      "severity": 1,
      "given": "#StringProperties",
      "then": {
        "function": "schema",
        "functionOptions": {
          "schema": {
            "type": "object",
            "anyOf": [
              {
                "required": [
                  "format"
                ]
              },
              {
                "required": [
                  "pattern"
                ]
              },
              {
                "required": [
                  "enum"
                ]
              },
              {
                "required": [
                  "const"
                ]
              }
            ]
          }
        }
      }
    },
    "owasp:api4:2023-integer-limit": {
      "message": "Schema of type integer must specify minimum and maximum.",
      "description": "Integers should be limited to mitigate resource exhaustion attacks. This can be done using `minimum` and `maximum`, which can with e.g.: avoiding negative numbers when positive are expected, or reducing unreasonable iterations like doing something 1000 times when 10 is expected.",
      "severity": 0,
      "formats": [
        "oas3.1"
      ],
      "given": "#IntegerProperties",
      "then": [
        {
          "function": "xor",
          "functionOptions": {
            "properties": [
              "minimum",
              "exclusiveMinimum"
            ]
          }
        },
        {
          "function": "xor",
          "functionOptions": {
            "properties": [
              "maximum",
              "exclusiveMaximum"
            ]
          }
        }
      ]
    },
    "owasp:api4:2023-integer-limit-legacy": {
      "message": "Schema of type integer must specify minimum and maximum.",
      "description": "Integers should be limited to mitigate resource exhaustion attacks. This can be done using `minimum` and `maximum`, which can with e.g.: avoiding negative numbers when positive are expected, or reducing unreasonable iterations like doing something 1000 times when 10 is expected.",
      "severity": 0,
      "formats": [
        "oas2",
        "oas3.0"
      ],
      "given": "#IntegerProperties",
      "then": [
        {
          "field": "minimum",
          "function": "defined"
        },
        {
          "field": "maximum",
          "function": "defined"
        }
      ]
    },
    "owasp:api4:2023-integer-format": {
      "message": "Schema of type integer must specify format (int32 or int64).",
      "description": "Integers should be limited to mitigate resource exhaustion attacks. Specifying whether int32 or int64 is expected via `format`.",
      "severity": 0,
      "given": "#IntegerProperties",
      "then": [
        {
          "field": "format",
          "function": "defined"
        }
      ]
    },
    "owasp:api5:2023-admin-security-unique": {
      "message": "{{error}}",
      "description": "",
      "severity": 0,
      "given": "$",
      "then": [
        {
          "function": "differentSecuritySchemes",
          "functionOptions": {
            "adminUrl": "/admin"
          }
        }
      ]
    },
    "owasp:api7:2023-concerning-url-parameter": {
      "message": "Make sure to review the way this URL is handled to protect against Server Side Request Forgery.",
      "description": "Using external resource based on user input for webhooks, file fetching from URLs, custom SSO, URL previews, or redirects, can lead to a wide variety of security issues.\n\nLearn more about Server Side Request Forgery here: https://owasp.org/API-Security/editions/2023/en/0xa7-server-side-request-forgery/",
      "severity": 2,
      "given": [
        "$.paths[*].parameters[*].name",
        "$.paths[*][get,put,post,delete,options,head,patch,trace].parameters[*].name"
      ],
      "then": {
        "function": "pattern",
        "functionOptions": {
          "notMatch": "/(^(callback|redirect)|(_url|Url|-url))$/"
        }
      }
    },
    "owasp:api8:2023-define-cors-origin": {
      "message": "Header `{{property}}` should be defined on all responses.",
      "description": "Setting up CORS headers will control which websites can make browser-based HTTP requests to your API, using either the wildcard \"*\" to allow any origin, or \"null\" to disable any origin. Alternatively you can use \"Access-Control-Allow-Origin: https://example.com\" to indicate that only requests originating from the specified domain (https://example.com) are allowed to access its resources.\n\nMore about CORS here: https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS.",
      "given": "$..headers",
      "then": {
        "field": "Access-Control-Allow-Origin",
        "function": "truthy"
      },
      "severity": 0
    },
    "owasp:api8:2023-no-scheme-http": {
      "message": "Server schemes must not use http. Use https or wss instead.",
      "description": "Server interactions must use the http protocol as it's inherently insecure and can lead to PII and other sensitive information being leaked through traffic sniffing or man-in-the-middle attacks. Use the https or wss schemes instead.\n\nLearn more about the importance of TLS (over SSL) here: https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Protection_Cheat_Sheet.html",
      "severity": 0,
      "formats": [
        "oas2"
      ],
      "given": "$.schemes.*",
      "then": {
        "function": "schema",
        "functionOptions": {
          "schema": {
            "type": "string",
            "enum": [
              "https",
              "wss"
            ]
          }
        }
      }
    },
    "owasp:api8:2023-no-server-http": {
      "message": "Server URLs must not use http://. Use https:// or wss:// instead.",
      "description": "Server interactions must not use the http:// as it's inherently insecure and can lead to PII and other sensitive information being leaked through traffic sniffing or man-in-the-middle attacks. Use https:// or wss:// protocols instead.\n\nLearn more about the importance of TLS (over SSL) here: https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Protection_Cheat_Sheet.html",
      "severity": 0,
      "formats": [
        "oas3"
      ],
      "given": "$.servers..url",
      "then": {
        "function": "pattern",
        "functionOptions": {
          "notMatch": "/^http:/"
        }
      }
    },
    "owasp:api8:2023-define-error-validation": {
      "message": "Missing error response of either 400, 422 or 4XX.",
      "description": "Carefully define schemas for all the API responses, including either 400, 422 or 4XX responses which describe errors caused by invalid requests.",
      "severity": 1,
      "given": "$.paths..responses",
      "then": [
        {
          "function": "schema",
          "functionOptions": {
            "schema": {
              "type": "object",
              "anyOf": [
                {
                  "required": [
                    "400"
                  ]
                },
                {
                  "required": [
                    "422"
                  ]
                },
                {
                  "required": [
                    "4XX"
                  ]
                }
              ]
            }
          }
        }
      ]
    },
    "owasp:api8:2023-define-error-responses-401": {
      "message": "Operation is missing {{property}}.",
      "description": "OWASP API Security recommends defining schemas for all responses, even errors. The 401 describes what happens when a request is unauthorized, so its important to define this not just for documentation, but to empower contract testing to make sure the proper JSON structure is being returned instead of leaking implementation details in backtraces.",
      "severity": 1,
      "given": "$.paths..responses",
      "then": [
        {
          "field": "401",
          "function": "truthy"
        },
        {
          "field": "401.content",
          "function": "truthy"
        }
      ]
    },
    "owasp:api8:2023-define-error-responses-500": {
      "message": "Operation is missing {{property}}.",
      "description": "OWASP API Security recommends defining schemas for all responses, even errors. The 500 describes what happens when a request fails with an internal server error, so its important to define this not just for documentation, but to empower contract testing to make sure the proper JSON structure is being returned instead of leaking implementation details in backtraces.",
      "severity": 1,
      "given": "$.paths..responses",
      "then": [
        {
          "field": "500",
          "function": "truthy"
        },
        {
          "field": "500.content",
          "function": "truthy"
        }
      ]
    },
    "owasp:api9:2023-inventory-access": {
      "message": "Declare intended audience of every server by defining servers{{property}} as true/false.",
      "description": "Servers are required to use vendor extension x-internal set to true or false to explicitly explain the audience for the API, which will be picked up by most documentation tools.",
      "severity": 0,
      "formats": [
        "oas3"
      ],
      "given": "$.servers.*",
      "then": {
        "field": "x-internal",
        "function": "defined"
      }
    },
    "owasp:api9:2023-inventory-environment": {
      "message": "Declare intended environment in server descriptions using terms like local, staging, production.",
      "description": "Make it clear which servers are expected to run as which environment to avoid unexpected problems, exposing test data to the public, or letting bad actors bypass security measures to get to production-like environments.",
      "severity": 0,
      "formats": [
        "oas3"
      ],
      "given": "$.servers.*",
      "then": {
        "field": "description",
        "function": "pattern",
        "functionOptions": {
          "match": "/(local|sandbox|alpha|beta|test|testing|stag|staging|prod|production|next|preprod|preproduction)/i"
        }
      }
    }
  }
} as const;
