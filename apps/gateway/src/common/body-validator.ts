import { SluiceError } from '@sluice/contracts';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);

/**
 * Compiles a JSON Schema for an admin request body once; the same schema object documents the
 * body in OpenAPI, so the docs and the check cannot drift apart. Violations become one
 * REQUEST_MALFORMED (400) listing every problem with its JSON pointer.
 */
export function compileBodyValidator<T>(schema: object): (body: unknown) => T {
  const validate: ValidateFunction = ajv.compile(schema);
  return (body) => {
    if (validate(body)) return body as T;
    const details = (validate.errors ?? []).map((e) => {
      const params = e.params as { missingProperty?: string; additionalProperty?: string };
      const member = params.missingProperty ?? params.additionalProperty;
      return {
        pointer: member === undefined ? e.instancePath : `${e.instancePath}/${member}`,
        message: e.message ?? 'is invalid',
      };
    });
    throw new SluiceError('REQUEST_MALFORMED', 'the request body does not match its schema', { details });
  };
}

/** Ids of rules and jobs: safe in URLs, file names and MySQL keys. */
export const DEFINITION_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export function checkDefinitionId(kind: 'rule' | 'job', id: string): void {
  if (!DEFINITION_ID.test(id)) {
    throw new SluiceError(
      'REQUEST_MALFORMED',
      `invalid ${kind} id '${id}': 1 to 128 of letters, digits, '.', '_' and '-', starting with a letter or digit`,
    );
  }
}
