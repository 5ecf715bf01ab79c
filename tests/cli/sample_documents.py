"""OpenAPI documents for the tests of apilint's integrations (pre-commit, CI, editors)."""

from __future__ import annotations

# Clean under the default rules and under the nl-adr standard.
CLEAN = """\
openapi: 3.0.3
info:
  title: Orders
  version: 1.0.0
  description: Orders placed in the shop.
  contact: {name: Orders team, email: orders@example.com, url: https://example.com/orders}
servers:
  - url: https://api.example.com/orders/v1
tags:
  - name: orders
    description: Orders.
paths:
  /orders:
    get:
      operationId: listOrders
      summary: List the orders
      description: Lists the orders, newest first.
      tags: [orders]
      responses:
        '200':
          description: The orders.
          headers:
            API-Version:
              description: The version of the API.
              schema: {type: string}
          content:
            application/json:
              schema: {type: array, items: {type: object}}
"""
# One error, at 2:1: `info` has no `version`.
MISSING_VERSION = CLEAN.replace("  version: 1.0.0\n", "")
MISSING_VERSION_FINDING = 'error oas3-schema property "version" is required in info'
# The same as CLEAN, with its response schema in another file, schemas.yaml.
CLEAN_WITH_REF = CLEAN.replace("schema: {type: array, items: {type: object}}",
                               "schema:\n                $ref: 'schemas.yaml#/Orders'")
SCHEMAS = "Orders:\n  type: array\n  items: {type: object}\n"
# A finding at 2:3 of schemas.yaml.
BROKEN_SCHEMAS = "Orders:\n  type: list\n  items: {type: object}\n"
