import { describe, expect, it } from 'vitest';
import { errorBody, objectToXml, toXml, w3c } from '../../../../server/open311/georeport-format.ts';

describe('GeoReport v2 formats', () => {
  it('wraps a list in its root and item elements, escaping text and dropping characters XML cannot hold', () => {
    const xml = toXml('service_requests', 'request', [{ service_request_id: '7', description: 'a<b & "c"\u0001', media_url: null }]);
    expect(xml).toBe(
      '<?xml version="1.0" encoding="utf-8"?><service_requests><request><service_request_id>7</service_request_id>' +
        '<description>a&lt;b &amp; &quot;c&quot;</description><media_url/></request></service_requests>',
    );
  });

  it('names nested list items, and writes an empty list as an empty element', () => {
    expect(objectToXml('service_definition', { service_code: 'x', attributes: [{ code: 'a' }] }, { attributes: 'attribute' })).toContain(
      '<attributes><attribute><code>a</code></attribute></attributes>',
    );
    expect(objectToXml('service_definition', { attributes: [] })).toContain('<attributes/>');
  });

  it('gives errors as a list of code and description in either format, and dates in W3C form', () => {
    expect(JSON.parse(errorBody('json', 400, 'bad').body)).toEqual([{ code: 400, description: 'bad' }]);
    expect(errorBody('xml', 404, 'gone').body).toContain('<errors><error><code>404</code><description>gone</description></error></errors>');
    expect(w3c('2026-11-22T08:00:00+08:00')).toBe('2026-11-22T00:00:00.000Z');
    expect(w3c(null)).toBeNull();
  });
});
