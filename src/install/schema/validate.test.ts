import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSchema } from './validate.js';
import { arr, ignored, int, intOrString, map, obj, oneOf, quantity, str, anyValue } from './structural.js';

const schema = obj(
  {
    name: str(),
    size: int(undefined, 1, 10),
    mode: oneOf(['A', 'B']),
    tags: map(str()),
    list: arr(obj({ port: intOrString() })),
    cpu: quantity(),
    free: anyValue(),
    oap: ignored('no OAP'),
  },
  undefined,
  ['name'],
);

test('a valid value gives no issues and reports present ignored fields with their path', () => {
  const r = checkSchema(
    schema,
    { name: 'x', size: 3, mode: 'A', tags: { a: 'b' }, list: [{ port: 80 }, { port: 'http' }], cpu: '500m', free: { anything: [1] }, oap: { x: 1 } },
    'spec',
  );
  assert.deepEqual(r.issues, []);
  assert.deepEqual(r.ignored, [{ path: 'spec.oap', why: 'no OAP' }]);
});

test('unknown fields, wrong types, enums, bounds, required and quantities are reported by path', () => {
  const r = checkSchema(schema, { nmae: 'x', size: 11, mode: 'C', tags: { a: 1 }, list: [{ port: 1.5 }], cpu: '1 core' }, 'spec');
  assert.deepEqual(
    r.issues.map((i) => `${i.kind} ${i.path}`),
    [
      'required spec.name',
      'unknown spec.nmae',
      'invalid spec.size',
      'invalid spec.mode',
      'invalid spec.tags.a',
      'invalid spec.list[0].port',
      'quantity spec.cpu',
    ],
  );
  assert.match(r.issues[1].message, /did you mean "name"/);
});

test('map keys that are not identifiers are quoted in paths', () => {
  const r = checkSchema(obj({ annotations: map(str()) }), { annotations: { 'example.com/x': 5 } });
  assert.equal(r.issues[0].path, 'annotations["example.com/x"]');
});

test('quantities accept integers and strings; a fractional number is refused with the string to write', () => {
  assert.deepEqual(checkSchema(obj({ cpu: quantity() }), { cpu: 2 }).issues, []);
  assert.match(checkSchema(obj({ cpu: quantity() }), { cpu: 0.5 }).issues[0].message, /write the quantity as a string, e.g. "500m"/);
  assert.equal(checkSchema(obj({ cpu: quantity() }), { cpu: '-1' }).issues[0].kind, 'quantity');
});
