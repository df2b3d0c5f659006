import { z } from 'zod';
import {
  createdDoc,
  definitionDoc,
  discoveryDoc,
  errorsDoc,
  requestsDoc,
  servicesDoc,
  tokensDoc,
  updatesDoc,
} from './open311.responses.js';
import { jurisdictionQuery, listQuery, postBody, updatesQuery } from './open311.schema.js';

/**
 * The Open311 paths for GET /api/openapi.json. They are served by a plugin in the spec's own
 * error format rather than through `route()`, so they are described here from the same schemas.
 */
export function open311OpenApiPaths(prefix = '/open311/v2'): Record<string, Record<string, unknown>> {
  const format = { name: 'format', in: 'path', required: true, schema: { type: 'string', enum: ['json', 'xml'] } };
  const pathParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
  const queryParams = (schema: z.ZodType) => {
    const s = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as { properties?: Record<string, unknown> };
    return Object.entries(s.properties ?? {}).map(([name, schema]) => ({ name, in: 'query', required: false, schema }));
  };
  const doc = (schema: z.ZodType) => ({
    'application/json': { schema: z.toJSONSchema(schema, { unrepresentable: 'any', io: 'output' }) },
    'text/xml': { schema: { type: 'string', description: 'The same document in GeoReport v2 XML' } },
  });
  const errorsAnswer = { description: 'GeoReport v2 errors (docs/deployment.md)', content: doc(errorsDoc) };
  const op = (summary: string, parameters: unknown[], answer: z.ZodType, extra: Record<string, unknown> = {}) => ({
    summary,
    tags: ['open311'],
    'x-access': 'public',
    parameters,
    responses: { 200: { description: 'OK', content: doc(answer) }, default: errorsAnswer },
    ...extra,
  });
  const j = queryParams(jurisdictionQuery);
  return {
    [`${prefix}/discovery.{format}`]: { get: op('GeoReport v2 discovery: the endpoint and its formats', [format], discoveryDoc) },
    [`${prefix}/services.{format}`]: { get: op('Services (categories) a client may file', [format, ...j], servicesDoc) },
    [`${prefix}/services/{code}.{format}`]: {
      get: op('A service definition: its attributes (extra questions)', [pathParam('code'), format, ...j], definitionDoc),
    },
    [`${prefix}/requests.{format}`]: {
      get: op('Published requests (coarsened places)', [format, ...queryParams(listQuery)], requestsDoc),
      post: op(
        'File a request (API key in the body or query)',
        [format, { name: 'api_key', in: 'query', required: false, schema: { type: 'string' } }],
        createdDoc,
        {
          'x-access': 'apikey',
          requestBody: {
            content: { 'application/x-www-form-urlencoded': { schema: z.toJSONSchema(postBody, { unrepresentable: 'any', io: 'input' }) } },
          },
        },
      ),
    },
    [`${prefix}/requests/{id}.{format}`]: { get: op('One published request', [pathParam('id'), format, ...j], requestsDoc) },
    [`${prefix}/tokens/{token}.{format}`]: { get: op('The request id behind a token', [pathParam('token'), format], tokensDoc) },
    [`${prefix}/servicerequestupdates.{format}`]: {
      get: op(
        'Status changes and replies since a time (FixMyStreet updates extension)',
        [format, ...queryParams(updatesQuery)],
        updatesDoc,
      ),
    },
  };
}
