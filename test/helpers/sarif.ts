// The SARIF 2.1.0 JSON schema as a validator. The schema is the one @microsoft/jest-sarif ships
// (lib/schemas/sarif-2.1.0-rtm.5.json, the 2.1.0 schema as published on SchemaStore); it is draft-04,
// hence ajv-draft-04.
import schema from '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

// The schema's `language` pattern (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`) is not a valid Unicode
// regular expression, so patterns are compiled without the `u` flag.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** The schema's complaints about `log`, as `path message`; empty when it is valid. */
export function sarifErrors(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
