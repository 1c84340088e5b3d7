import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { createAjv } from './ajv-factory.js';
import { azureResponseSchemas } from './azure-contract.js';
import { convertComponents, convertSchema } from './openapi-to-json-schema.js';

const contractFile = 'atlas-admin-v2.subset.openapi.yaml';

/**
 * Where the contract is read from: `explicitDir` when given, else the `contracts/` folder this package ships
 * (vendored copies of the official specifications; `contracts/PROVENANCE.md` says where each was cut from).
 */
export function contractCandidates(explicitDir?: string): string[] {
  const dir = explicitDir ?? resolve(dirname(fileURLToPath(import.meta.url)), '..', 'contracts');
  return [join(dir, contractFile)];
}

type Doc = {
  paths: Record<
    string,
    Record<
      string,
      {
        operationId?: string;
        responses?: Record<string, unknown>;
        requestBody?: { content?: Record<string, { schema?: unknown }> };
      }
    >
  >;
  components: { schemas: Record<string, never>; responses: Record<string, unknown> };
};

/** Validates simulator responses against the Atlas contract (conformance mode). */
export class ContractValidator {
  private readonly ajv = createAjv({ strict: false, allErrors: true });
  private readonly ops = new Map<string, Record<string, unknown>>();
  private readonly requestBodies = new Map<string, Record<string, { schema?: unknown }>>();
  private readonly cache = new Map<string, ValidateFunction>();
  private readonly doc: Doc;

  private constructor(doc: Doc) {
    this.doc = doc;
    this.ajv.addSchema(convertComponents(doc.components.schemas, 'contract'));
    this.ajv.addSchema(convertComponents(doc.components.schemas, 'contract-request', 'request'));
    for (const methods of Object.values(doc.paths)) {
      for (const op of Object.values(methods)) {
        if (op.operationId && op.responses) this.ops.set(op.operationId, op.responses);
        if (op.operationId && op.requestBody?.content) this.requestBodies.set(op.operationId, op.requestBody.content);
      }
    }
  }

  /** Loads the contract; throws an Error that names every place it looked when it is missing. */
  static load(explicitDir?: string): ContractValidator {
    const candidates = contractCandidates(explicitDir);
    const found = candidates.find((c) => existsSync(c));
    if (!found)
      throw new Error(`conformance mode needs the Atlas contract ${contractFile}; looked in: ${candidates.join(', ')}`);
    return new ContractValidator(parse(readFileSync(found, 'utf8')) as Doc);
  }

  private response(ref: unknown): Record<string, unknown> | undefined {
    if (typeof ref !== 'object' || ref === null) return undefined;
    const r = (ref as { $ref?: string }).$ref;
    if (r)
      return this.doc.components.responses[r.replace('#/components/responses/', '')] as
        Record<string, unknown> | undefined;
    return ref as Record<string, unknown>;
  }

  /** Problems with one Azure response (ARM, Key Vault, Entra token) against azure-contract.ts. */
  private checkAzure(operationId: string, status: number, body: unknown): string[] {
    const schemas = azureResponseSchemas[operationId];
    if (!schemas) return [];
    const schema = String(status) in schemas ? schemas[String(status)] : schemas['default'];
    if (schema === null || schema === undefined) {
      return body === undefined ? [] : [`${operationId} ${status}: the contract declares no body`];
    }
    const key = `azure|${operationId}|${String(status) in schemas ? status : 'default'}`;
    let fn = this.cache.get(key);
    if (!fn) {
      fn = this.ajv.compile(schema);
      this.cache.set(key, fn);
    }
    return fn(body)
      ? []
      : (fn.errors ?? []).map(
          (e) => `${operationId} ${status}: ${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`,
        );
  }

  /** Problems with one response of `operationId` (empty when it conforms); Azure operations included. */
  check(operationId: string, status: number, contentType: string | undefined, body: unknown): string[] {
    if (operationId in azureResponseSchemas) return this.checkAzure(operationId, status, body);
    const responses = this.ops.get(operationId);
    if (!responses) return [];
    const declared = this.response(responses[String(status)]);
    if (!declared) {
      // Atlas returns error statuses the subset does not list (e.g. 400 on DELETE, observed live): they must still be ApiError.
      if (status < 400) return [`${operationId}: status ${status} is not declared by the contract`];
      return this.validate('contract#/definitions/ApiError', body, `${operationId} ${status}`);
    }
    const content = declared['content'] as Record<string, { schema?: unknown }> | undefined;
    if (!content) return body === undefined ? [] : [`${operationId} ${status}: the contract declares no body`];
    const type = (contentType ?? '').split(';')[0]?.trim() ?? '';
    const media = content[type];
    if (!media)
      return [
        `${operationId} ${status}: content type ${type || '(none)'} is not one of ${Object.keys(content).join(', ')}`,
      ];
    if (!media.schema)
      return body === undefined ? [] : [`${operationId} ${status}: the contract declares no body for ${type}`];
    const key = `${operationId}|${status}|${type}`;
    let fn = this.cache.get(key);
    if (!fn) {
      fn = this.ajv.compile(convertSchema(media.schema as never, 'contract', new Set()) as object);
      this.cache.set(key, fn);
    }
    return fn(body)
      ? []
      : (fn.errors ?? []).map(
          (e) => `${operationId} ${status} ${type}: ${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`,
        );
  }

  /**
   * Problems with a request body of `operationId` (empty when it conforms). `application/json` bodies are
   * checked against the schema of the negotiated `version`, as Atlas reads them.
   */
  checkRequest(operationId: string, contentType: string | undefined, version: string, body: unknown): string[] {
    const content = this.requestBodies.get(operationId);
    if (!content || body === undefined) return [];
    const type = (contentType ?? '').split(';')[0]?.trim() ?? '';
    const mediaType = type === 'application/json' ? `application/vnd.atlas.${version}+json` : type;
    const media = content[mediaType];
    if (!media?.schema) return [`${operationId} request: content type ${type || '(none)'} is not accepted`];
    const key = `request|${operationId}|${mediaType}`;
    let fn = this.cache.get(key);
    if (!fn) {
      fn = this.ajv.compile(convertSchema(media.schema as never, 'contract-request', new Set(), 'request') as object);
      this.cache.set(key, fn);
    }
    return fn(body)
      ? []
      : (fn.errors ?? []).map(
          (e) => `${operationId} request: ${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`,
        );
  }

  private validate(ref: string, body: unknown, label: string): string[] {
    const fn = this.ajv.getSchema(ref);
    if (!fn) return [`${label}: schema ${ref} missing`];
    return fn(body)
      ? []
      : (fn.errors ?? []).map((e) => `${label}: ${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
  }
}
