import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CertInfo } from './certificate.js';
import { hostnameMatchesOpenssl, hostnameMatchesRfc6125, ipMatches, parseIp, sanMatches } from './names.js';

const leaf = (sans: CertInfo['sans'], subject = ''): CertInfo => ({ sans, subject }) as unknown as CertInfo;
const dns = (...v: string[]) => leaf(v.map((value) => ({ type: 'dns' as const, value })));

test('RFC 6125: a wildcard is the whole left-most label and covers exactly one label; no CN fallback, no partial wildcards', () => {
  assert.equal(hostnameMatchesRfc6125(dns('*.example.com'), 'web.example.com'), true);
  assert.equal(hostnameMatchesRfc6125(dns('*.example.com'), 'WEB.Example.com.'), true);
  assert.equal(hostnameMatchesRfc6125(dns('*.example.com'), 'a.web.example.com'), false);
  assert.equal(hostnameMatchesRfc6125(dns('*.example.com'), 'example.com'), false);
  assert.equal(hostnameMatchesRfc6125(dns('w*.example.com'), 'web.example.com'), false);
  assert.equal(hostnameMatchesRfc6125(dns('*.com'), 'example.com'), false);
  assert.equal(hostnameMatchesRfc6125(leaf([], 'CN=legacy.example.com'), 'legacy.example.com'), false);
});

test('OpenSSL X509_check_host: partial wildcards and the CN fallback (only without DNS SANs) are accepted', () => {
  assert.equal(hostnameMatchesOpenssl(dns('w*.example.com'), 'web.example.com'), true);
  assert.equal(hostnameMatchesOpenssl(dns('*.com'), 'example.com'), false);
  assert.equal(hostnameMatchesOpenssl(leaf([], 'CN=legacy.example.com, O=Mesh'), 'legacy.example.com'), true);
  assert.equal(hostnameMatchesOpenssl(leaf([{ type: 'dns', value: 'other.example.com' }], 'CN=legacy.example.com'), 'legacy.example.com'), false);
});

test('IP SANs match byte for byte (IPv6 in any spelling); --ip rejects what is not an address', () => {
  const c = leaf([
    { type: 'ip', value: 'fd00:0:0:0:0:0:0:1' },
    { type: 'ip', value: '10.1.2.3' },
  ]);
  assert.equal(ipMatches(c, parseIp('fd00::1') as number[]), true);
  assert.equal(ipMatches(c, parseIp('10.1.2.3') as number[]), true);
  assert.equal(ipMatches(c, parseIp('10.1.2.4') as number[]), false);
  assert.equal(parseIp('10.1.2'), undefined);
  assert.equal(parseIp('300.1.2.3'), undefined);
  assert.equal(parseIp('example.com'), undefined);
});

test("--san is exact, as Envoy's match_typed_subject_alt_names with an exact matcher: expected vs present IDs", () => {
  const c = leaf([
    { type: 'uri', value: 'spiffe://cluster.local/ns/shop/sa/web' },
    { type: 'dns', value: 'web' },
  ]);
  assert.deepEqual(sanMatches(c, 'spiffe://cluster.local/ns/shop/sa/web'), { ok: true, present: ['spiffe://cluster.local/ns/shop/sa/web'] });
  assert.deepEqual(sanMatches(c, 'spiffe://cluster.local/ns/shop/sa/Web'), { ok: false, present: ['spiffe://cluster.local/ns/shop/sa/web'] });
});
