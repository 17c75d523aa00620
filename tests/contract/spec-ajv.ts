import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { loadSpec, type Json } from '@shop/test-kit';

// ajv-formats is CommonJS: under NodeNext its default import is typed as the module object.
const addFormats = ajvFormats as unknown as typeof ajvFormats.default;

/** openapi.yaml as written (refs kept): ajv resolves them against the registered document. */
const spec = await loadSpec();

/**
 * An ajv for the contract's schemas (OpenAPI 3.1 = JSON Schema 2020-12), set up like a client
 * generated from the contract would validate. `multipleOfPrecision` lets `multipleOf: 0.01` accept
 * 19.99 (19.99 / 0.01 is 1998.9999999999998 in floating point); 2 still rejects a third decimal,
 * as the reference server's validator does.
 */
export function makeAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, multipleOfPrecision: 2 });
  addFormats(ajv);
  ajv.addFormat('int64', true);
  // OpenAPI keywords that are not JSON Schema vocabulary.
  for (const keyword of ['example', 'discriminator', 'xml', 'externalDocs'])
    ajv.addKeyword({ keyword });
  // Compile $refs against the whole document.
  ajv.addSchema({ ...spec, $id: 'openapi.json' } as Json, 'openapi.json');
  return ajv;
}
