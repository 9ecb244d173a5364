// Generates malformed requests for the bad-input suite: each case is invalid by construction and
// says which field the server's answer must name.

export interface BadCase {
  readonly name: string;
  readonly method: 'POST' | 'PUT';
  readonly path: string;
  /** JSON body, or `raw` text sent as is. */
  readonly body?: unknown;
  readonly raw?: string;
  readonly contentType?: string;
  /** The field the problem+json `field` must equal (or start with, when it ends in '*'). */
  readonly field: string;
}

const ORG = '/v2/organizations/tetrate';
const T = `${ORG}/tenants/bad`;
const W = `${T}/workspaces/ws`;

/** Small deterministic PRNG so a failure reproduces. */
function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

const WRONG_TYPES: unknown[] = [1, -7.5, true, false, null, [], ['x'], {}, { a: 1 }];
const NOT_STRING = WRONG_TYPES.filter((v) => typeof v !== 'string');
const NOT_OBJECT: unknown[] = [1, 'text', true, null, ['x']];

/** Kinds and a valid create body for each, plus the fields to corrupt. */
const TARGETS: { path: string; key: string; spec: Record<string, unknown>; strings: string[]; objects: string[] }[] = [
  {
    path: `${ORG}/tenants`,
    key: 'tenant',
    spec: { displayName: 'x' },
    strings: ['displayName', 'description', 'securityDomain'],
    objects: ['configGenerationMetadata'],
  },
  {
    path: `${T}/workspaces`,
    key: 'workspace',
    spec: { namespaceSelector: { names: ['zz/ns'] } },
    strings: ['displayName', 'isolationBoundary'],
    objects: ['namespaceSelector'],
  },
  {
    path: `${W}/trafficgroups`,
    key: 'group',
    spec: { namespaceSelector: { names: ['c1/ns'] }, configMode: 'BRIDGED' },
    strings: ['displayName', 'description'],
    objects: ['namespaceSelector'],
  },
  { path: `${W}/gatewaygroups`, key: 'group', spec: { configMode: 'BRIDGED' }, strings: ['displayName'], objects: ['namespaceSelector'] },
  {
    path: `${ORG}/clusters`,
    key: 'cluster',
    spec: { network: 'n1' },
    strings: ['network', 'trustDomain', 'tokenTtl'],
    objects: ['locality', 'namespaceScope'],
  },
  { path: `${ORG}/users`, key: 'user', spec: { loginName: 'u' }, strings: ['loginName', 'email', 'firstName'], objects: [] },
  { path: `${ORG}/teams`, key: 'team', spec: { members: [] }, strings: ['displayName'], objects: [] },
  { path: `${W}/settings`, key: 'settings', spec: {}, strings: ['displayName'], objects: ['defaultTrafficSetting', 'defaultSecuritySetting'] },
];

function spread(...parts: BadCase[][]): BadCase[] {
  return parts.flat();
}

function wrongTypes(): BadCase[] {
  const out: BadCase[] = [];
  for (const t of TARGETS) {
    for (const f of t.strings)
      for (const v of NOT_STRING)
        out.push({
          name: `${t.key}.${f}=${JSON.stringify(v)}`,
          method: 'POST',
          path: t.path,
          body: { name: 'n1', [t.key]: { ...t.spec, [f]: v } },
          field: `spec.${f}`,
        });
    for (const f of t.objects)
      for (const v of NOT_OBJECT)
        out.push({
          name: `${t.key}.${f}=${JSON.stringify(v)}`,
          method: 'POST',
          path: t.path,
          body: { name: 'n1', [t.key]: { ...t.spec, [f]: v } },
          field: `spec.${f}`,
        });
    // null is proto3 JSON for "unset", so only non-null non-objects are malformed here.
    for (const v of NOT_OBJECT.filter((x) => x !== null))
      out.push({ name: `${t.key} spec=${JSON.stringify(v)}`, method: 'POST', path: t.path, body: { name: 'n1', [t.key]: v }, field: t.key });
    for (const v of WRONG_TYPES.filter((x) => typeof x !== 'string'))
      out.push({
        name: `${t.key} name=${JSON.stringify(v)}`,
        method: 'POST',
        path: t.path,
        body: { name: v, [t.key]: t.spec },
        field: v === null ? 'name' : '*',
      });
  }
  return out;
}

function unknownFields(r: () => number): BadCase[] {
  const out: BadCase[] = [];
  for (const t of TARGETS) {
    for (let i = 0; i < 16; i++) {
      const bogus = `bogus${Math.floor(r() * 1e6)}`;
      out.push({
        name: `${t.key} spec.${bogus}`,
        method: 'POST',
        path: t.path,
        body: { name: 'n1', [t.key]: { ...t.spec, [bogus]: 'x' } },
        field: `spec.${bogus}`,
      });
      out.push({ name: `${t.key} top.${bogus}`, method: 'POST', path: t.path, body: { name: 'n1', [t.key]: t.spec, [bogus]: 1 }, field: bogus });
      out.push({
        name: `${t.key} envelope metadata.${bogus}`,
        method: 'POST',
        path: t.path,
        body: { apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Tenant', metadata: { name: 'n1', [bogus]: 'x' }, spec: {} },
        field: t.key === 'tenant' ? `metadata.${bogus}` : '*',
      });
    }
  }
  const ig = {
    workloadSelector: { namespace: 'g', labels: { app: 'g' } },
    http: [{ name: 'h', port: 443, hostname: 'a.example.com', tls: { mode: 'SIMPLE', secretName: 's' } }],
  };
  for (let i = 0; i < 40; i++) {
    const bogus = `x${Math.floor(r() * 1e6)}`;
    const body = structuredClone(ig) as { http: Record<string, unknown>[] };
    (body.http[0].tls as Record<string, unknown>)[bogus] = true;
    out.push({
      name: `ingress tls.${bogus}`,
      method: 'POST',
      path: `${W}/gatewaygroups/gg/ingressgateways`,
      body: { name: 'ig', ingressGateway: body },
      field: `spec.http[0].tls.${bogus}`,
    });
  }
  return out;
}

function hugeStrings(): BadCase[] {
  const out: BadCase[] = [];
  for (const n of [300, 1000, 10_000, 100_000]) {
    out.push({ name: `name ${n}`, method: 'POST', path: `${ORG}/tenants`, body: { name: 'a'.repeat(n), tenant: {} }, field: 'metadata.name' });
    out.push({
      name: `displayName ${n}`,
      method: 'POST',
      path: `${ORG}/tenants`,
      body: { name: 'big', tenant: { displayName: 'd'.repeat(n) } },
      field: 'spec.displayName',
    });
    out.push({
      name: `selector ${n}`,
      method: 'POST',
      path: `${T}/workspaces`,
      body: { name: 'big', workspace: { namespaceSelector: { names: [`c/${'n'.repeat(n)}`] } } },
      field: 'spec.namespaceSelector.names[0]',
    });
  }
  out.push({
    name: 'body over the limit',
    method: 'POST',
    path: `${ORG}/tenants`,
    body: { name: 'big', tenant: { description: 'x'.repeat(2 * 1024 * 1024) } },
    field: '(body)',
  });
  return out;
}

function badFqns(r: () => number): BadCase[] {
  const names = ['UPPER', 'under_score', '-lead', 'trail-', 'sp ace', 'dot..', 'a'.repeat(300), '%2e%2e', 'emoji😀', 'x%2Fy'];
  const collections = ['bogus', 'tenant', 'Tenants', 'clusters/x/tenants', 'users/u/workspaces'];
  const out: BadCase[] = [];
  for (const n of names) {
    out.push({
      name: `tenant path ${n}`,
      method: 'POST',
      path: `/v2/organizations/tetrate/tenants/${encodeURIComponent(n)}/workspaces`,
      body: { name: 'w', workspace: { namespaceSelector: { names: ['c/n'] } } },
      field: '*',
    });
    out.push({ name: `put ${n}`, method: 'PUT', path: `/v2/organizations/${encodeURIComponent(n)}`, body: { etag: 'x' }, field: '*' });
    out.push({ name: `new name ${n}`, method: 'POST', path: `${ORG}/tenants`, body: { name: n, tenant: {} }, field: 'metadata.name' });
  }
  for (const c of collections) out.push({ name: `collection ${c}`, method: 'POST', path: `${ORG}/${c}`, body: { name: 'x', tenant: {} }, field: '*' });
  for (let i = 0; i < 30; i++) {
    const depth = 1 + Math.floor(r() * 6);
    const segs = Array.from({ length: depth }, () => `c${Math.floor(r() * 100)}`);
    out.push({ name: `random path ${segs.join('/')}`, method: 'POST', path: `/v2/${segs.join('/')}`, body: { name: 'x' }, field: '*' });
  }
  return out;
}

function badSelectors(): BadCase[] {
  const entries = ['nocluster', 'a/b/c', '/x', 'x/', '', 'A/b', 'a/B', '**/x', 'a/*b', 'c 1/n', '*/', 'a/b*c', 'a\\b/c', 'ä/ns'];
  const out: BadCase[] = [];
  for (const e of entries) {
    for (const [path, key] of [
      [`${T}/workspaces`, 'workspace'],
      [`${W}/trafficgroups`, 'group'],
      [`${W}/securitygroups`, 'group'],
    ] as const) {
      out.push({
        name: `${key} selector ${JSON.stringify(e)}`,
        method: 'POST',
        path,
        body: { name: 'sel', [key]: { namespaceSelector: { names: ['ok/ns', e] } } },
        field: 'spec.namespaceSelector.names[1]',
      });
    }
  }
  for (const v of [[], 'c/n', { c: 'n' }, [1], [null]]) {
    out.push({
      name: `workspace names=${JSON.stringify(v)}`,
      method: 'POST',
      path: `${T}/workspaces`,
      body: { name: 'sel', workspace: { namespaceSelector: { names: v } } },
      field: 'spec.namespaceSelector.names*',
    });
  }
  out.push({
    name: 'workspace without selector',
    method: 'POST',
    path: `${T}/workspaces`,
    body: { name: 'sel', workspace: {} },
    field: 'spec.namespaceSelector',
  });
  return out;
}

function badEnums(): BadCase[] {
  const out: BadCase[] = [];
  for (const v of ['bridged', 'Direct', 'NONE', '', 'BRIDGED ', 'DIRECTX']) {
    for (const c of ['trafficgroups', 'gatewaygroups', 'securitygroups', 'istiointernalgroups'])
      out.push({ name: `${c} configMode ${v}`, method: 'POST', path: `${W}/${c}`, body: { name: 'g2', group: { configMode: v } }, field: 'spec.configMode' });
    out.push({
      name: `reachability ${v}`,
      method: 'POST',
      path: `${W}/settings`,
      body: { name: 'default', settings: { defaultTrafficSetting: { reachability: { mode: v } } } },
      field: 'spec.defaultTrafficSetting.reachability.mode',
    });
    out.push({
      name: `trafficMode ${v}`,
      method: 'POST',
      path: `${W}/settings`,
      body: { name: 'default', settings: { defaultSecuritySetting: { authenticationSettings: { trafficMode: v } } } },
      field: 'spec.defaultSecuritySetting.authenticationSettings.trafficMode',
    });
    out.push({
      name: `authorization ${v}`,
      method: 'POST',
      path: `${W}/settings`,
      body: { name: 'default', settings: { defaultSecuritySetting: { authorization: { mode: v } } } },
      field: 'spec.defaultSecuritySetting.authorization.mode',
    });
  }
  return out;
}

function badEnvelopes(): BadCase[] {
  const env = (o: Record<string, unknown>): Record<string, unknown> => ({
    apiVersion: 'api.tsb.tetrate.io/v2',
    kind: 'Tenant',
    metadata: { name: 'e1' },
    spec: {},
    ...o,
  });
  const out: BadCase[] = [
    { name: 'apiVersion number', method: 'POST', path: `${ORG}/tenants`, body: env({ apiVersion: 2 }), field: 'apiVersion' },
    { name: 'apiVersion wrong', method: 'POST', path: `${ORG}/tenants`, body: env({ apiVersion: 'api.tsb.tetrate.io/v1' }), field: 'apiVersion' },
    { name: 'kind unknown', method: 'POST', path: `${ORG}/tenants`, body: env({ kind: 'Tenantt' }), field: 'kind' },
    { name: 'kind in wrong collection', method: 'POST', path: `${ORG}/tenants`, body: env({ kind: 'Cluster' }), field: 'kind' },
    { name: 'metadata string', method: 'POST', path: `${ORG}/tenants`, body: env({ metadata: 'x' }), field: 'metadata' },
    { name: 'metadata without name', method: 'POST', path: `${ORG}/tenants`, body: env({ metadata: {} }), field: 'metadata.name' },
    {
      name: 'metadata org mismatch',
      method: 'POST',
      path: `${ORG}/tenants`,
      body: env({ metadata: { name: 'e1', organization: 'other' } }),
      field: 'metadata.organization',
    },
    { name: 'spec array', method: 'POST', path: `${ORG}/tenants`, body: env({ spec: [] }), field: 'spec' },
    {
      name: 'labels not strings',
      method: 'POST',
      path: `${ORG}/tenants`,
      body: env({ metadata: { name: 'e1', labels: { a: 1 } } }),
      field: 'metadata.labels.a',
    },
    { name: 'put without etag', method: 'PUT', path: `${ORG}/tenants/bad`, body: { displayName: 'x' }, field: 'metadata.resourceVersion' },
    {
      name: 'put renamed',
      method: 'PUT',
      path: `${ORG}/tenants/bad`,
      body: env({ metadata: { name: 'other', resourceVersion: 'x' } }),
      field: 'metadata.name',
    },
    { name: 'put unknown flat field', method: 'PUT', path: `${ORG}/tenants/bad`, body: { etag: 'x', nope: 1 }, field: 'spec.nope' },
    { name: 'body is array', method: 'POST', path: `${ORG}/tenants`, body: [1, 2], field: '(body)' },
    { name: 'body is string', method: 'POST', path: `${ORG}/tenants`, body: 'tenant', field: '(body)' },
    { name: 'body is null', method: 'POST', path: `${ORG}/tenants`, body: null, field: '(body)' },
    { name: 'post on a resource', method: 'POST', path: `${ORG}/tenants/bad`, body: { name: 'x' }, field: '*' },
  ];
  return out;
}

function brokenJson(r: () => number): BadCase[] {
  const good = JSON.stringify({ name: 'j1', tenant: { displayName: 'ok', description: 'fine' } });
  const out: BadCase[] = [
    { name: 'trailing comma', method: 'POST', path: `${ORG}/tenants`, raw: '{"name":"j1",}', field: '(body)' },
    { name: 'single quotes', method: 'POST', path: `${ORG}/tenants`, raw: "{'name':'j1'}", field: '(body)' },
    { name: 'empty', method: 'POST', path: `${ORG}/tenants`, raw: '', field: '(body)' },
    { name: 'deep nesting', method: 'POST', path: `${ORG}/tenants`, raw: '['.repeat(5000) + ']'.repeat(5000), field: '(body)' },
    { name: 'deep object', method: 'POST', path: `${ORG}/tenants`, raw: '{"a":'.repeat(3000) + '1' + '}'.repeat(3000), field: '(body)' },
    { name: 'yaml body', method: 'POST', path: `${ORG}/tenants`, raw: 'name: x\n', contentType: 'application/yaml', field: 'Content-Type' },
    { name: 'text body', method: 'POST', path: `${ORG}/tenants`, raw: good, contentType: 'text/plain', field: 'Content-Type' },
  ];
  for (let i = 0; i < 200; i++) {
    const cut = 1 + Math.floor(r() * (good.length - 2));
    out.push({ name: `truncated at ${cut}`, method: 'POST', path: `${ORG}/tenants`, raw: good.slice(0, cut), field: '(body)' });
  }
  for (let i = 0; i < 80; i++) {
    const at = Math.floor(r() * good.length);
    const junk = ['\u0000', '}', '{', '"', ':', 'x', ']', '\\'][Math.floor(r() * 8)];
    const text = good.slice(0, at) + junk + good.slice(at);
    try {
      JSON.parse(text);
    } catch {
      out.push({ name: `junk ${JSON.stringify(junk)} at ${at}`, method: 'POST', path: `${ORG}/tenants`, raw: text, field: '(body)' });
    }
  }
  return out;
}

/** Every malformed case, deterministic for a seed. */
export function malformedCases(seed = 20261125): BadCase[] {
  const r = rng(seed);
  return spread(wrongTypes(), unknownFields(r), hugeStrings(), badFqns(r), badSelectors(), badEnums(), badEnvelopes(), brokenJson(r));
}
