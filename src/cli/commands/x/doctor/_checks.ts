// The checks of tctl x doctor, one section per docs/faq.md question. Each gatherer reads what it
// needs through the session's client and turns it into ✔/‼/✖ lines with cause and fix; a failing
// request is itself a ✖, never a crash of the whole report.
import { access } from 'node:fs/promises';
import { isMeshError } from '../../../../api/index.js';
import type { Session } from '../../../session/session.js';
import { VERSION } from '../../../version.js';
import { age, readFleet, type FleetView } from '../health/_fleet.js';
import type { Check, Section } from './_report.js';

/** What narrows the report (--cluster, -w). */
export interface DoctorScope {
  cluster?: string;
  workspace?: string;
  now?: number;
}

function failed(name: string, e: unknown, fallbackFix: string): Check {
  const fix = isMeshError(e) ? e.fix : undefined;
  return { name, status: 'fail', cause: (e as Error).message, fix: fix ?? fallbackFix };
}

function jwtExp(token: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** FAQ "Why can't tctl reach the management plane?": profile, org, tenant, TLS, token, credentials. */
export async function profileSection(s: Session, now: number): Promise<Section> {
  const checks: Check[] = [];
  const user = s.userName ?? '<user>';
  checks.push({
    name: 'profile',
    status: 'ok',
    detail: `${s.profileName} → cluster entry "${s.clusterName}" (${s.cluster.bridgeAddress ?? 'no address'}), user entry "${s.userName ?? '(none)'}"`,
  });
  checks.push(
    s.org
      ? { name: 'organization', status: 'ok', detail: `${s.org.value} (${s.org.source})` }
      : {
          name: 'organization',
          status: 'fail',
          cause: 'no organization: no --org flag and the user entry has none',
          fix: `tctl config users set ${user} --org <org>`,
        },
  );
  checks.push(
    s.tenant
      ? { name: 'tenant', status: 'ok', detail: `${s.tenant.value} (${s.tenant.source})` }
      : {
          name: 'tenant',
          status: 'warn',
          cause: 'no tenant: commands below the organization need --tenant',
          fix: `tctl config users set ${user} --tenant <tenant>`,
        },
  );
  const addr = s.cluster.bridgeAddress ?? '';
  const setCa = `tctl config clusters set ${s.clusterName} --tls-custom-ca-file ./data/tls/ca.crt`;
  if (s.cluster.tlsDisabled || addr.startsWith('http://'))
    checks.push({
      name: 'TLS',
      status: 'warn',
      cause: 'plain HTTP: credentials travel unencrypted',
      fix: `tctl config clusters set ${s.clusterName} --bridge-address https://HOST:8443`,
    });
  else if (s.cluster.tlsInsecure) checks.push({ name: 'TLS', status: 'warn', cause: 'the server certificate is not verified (--tls-insecure)', fix: setCa });
  else if (s.cluster.tlsCustomCaFile) {
    const ok = await access(s.cluster.tlsCustomCaFile).then(
      () => true,
      () => false,
    );
    checks.push(
      ok
        ? { name: 'TLS', status: 'ok', detail: `verified with ${s.cluster.tlsCustomCaFile}` }
        : { name: 'TLS', status: 'fail', cause: `CA file ${s.cluster.tlsCustomCaFile} cannot be read`, fix: setCa },
    );
  } else checks.push({ name: 'TLS', status: 'ok', detail: 'verified with the system roots' });
  const token = s.user?.token;
  const exp = token ? jwtExp(token) : undefined;
  const login = `tctl login --org ${s.org?.value ?? '<org>'} --username ${s.user?.username ?? '<user>'}`;
  if (!token) checks.push({ name: 'token', status: 'ok', detail: s.user?.password !== undefined ? 'password (Basic) authentication' : 'no token stored' });
  else if (exp === undefined) checks.push({ name: 'token', status: 'warn', cause: 'the stored token is not a JWT with an expiry', fix: login });
  else if (exp > now) checks.push({ name: 'token', status: 'ok', detail: `expires in ${age(Math.round((exp - now) / 1000))}` });
  else if (s.user?.refreshToken)
    checks.push({
      name: 'token',
      status: 'warn',
      detail: `expired ${age(Math.round((now - exp) / 1000))} ago`,
      cause: 'the access token expired; tctl refreshes it on the next request',
      fix: login,
    });
  else
    checks.push({
      name: 'token',
      status: 'fail',
      cause: `the access token expired ${age(Math.round((now - exp) / 1000))} ago and there is no refresh token`,
      fix: login,
    });
  try {
    const w = await s.client.whoami();
    checks.push({ name: 'credentials accepted', status: 'ok', detail: w.subject });
  } catch (e) {
    checks.push(failed('credentials accepted', e, login));
  }
  return { title: 'tctl profile and connection', faq: "Why can't `tctl` reach the management plane?", checks };
}

/** The management plane's readiness and version. */
export async function serverSection(s: Session): Promise<Section> {
  const checks: Check[] = [];
  try {
    await s.client.request('GET', '/healthz/ready', undefined, { auth: false });
    checks.push({ name: 'management plane ready', status: 'ok', detail: s.cluster.bridgeAddress });
  } catch (e) {
    checks.push(
      failed(
        'management plane ready',
        e,
        'Read the server log (`meshbridge server` / the meshbridge pod): /healthz/ready fails while the store is unreachable or migrations run.',
      ),
    );
  }
  try {
    const v = (await s.client.version()).version.replace(/^v/, '');
    checks.push(
      v === VERSION
        ? { name: 'version', status: 'ok', detail: `server v${v}, tctl v${VERSION}` }
        : {
            name: 'version',
            status: 'warn',
            detail: `server v${v}, tctl v${VERSION}`,
            cause: 'tctl and the server differ',
            fix: "Use the tctl of the server's release (npm install -g meshbridge@<server version>).",
          },
    );
  } catch (e) {
    checks.push(failed('version', e, 'tctl version'));
  }
  return { title: 'management plane', faq: "Why can't `tctl` reach the management plane?", checks };
}

/** FAQ "Does config reach every cluster?": each agent connected, synced, last seen. */
export async function agentsSection(s: Session, scope: DoctorScope, now: number): Promise<Section> {
  const title = 'cluster agents';
  const faq = 'Does config reach every cluster, and how fast?';
  const org = s.org?.value;
  if (!org)
    return {
      title,
      faq,
      checks: [{ name: 'clusters', status: 'fail', cause: 'no organization to list clusters in', fix: 'tctl config users set <user> --org <org>' }],
    };
  let clusters;
  try {
    clusters = (await s.client.list(`organizations/${org}`, 'clusters'))
      .map((c) => ({ name: c.metadata.name, fqn: `organizations/${org}/clusters/${c.metadata.name}` }))
      .filter((c) => !scope.cluster || c.name === scope.cluster);
  } catch (e) {
    return { title, faq, checks: [failed('clusters', e, `tctl get clusters --org ${org}`)] };
  }
  if (clusters.length === 0)
    return {
      title,
      faq,
      checks: [
        {
          name: 'clusters',
          status: scope.cluster ? 'fail' : 'warn',
          cause: scope.cluster ? `cluster ${scope.cluster} not found (or not readable)` : 'no cluster onboarded',
          fix: 'tctl apply -f cluster.yaml, then tctl install cluster-service-account --cluster NAME > NAME.jwk and start meshbridge agent',
        },
      ],
    };
  const checks: Check[] = [];
  for (const c of clusters) {
    const name = `cluster ${c.name}`;
    const agent = `meshbridge agent --management-plane HOST:9443 --cluster ${c.name} --credentials ${c.name}.jwk --ca-file ./data/tls/ca.crt --sink … --inventory …`;
    try {
      const st = (await s.client.status(c.fqn)) as unknown as Record<string, unknown>;
      const seen = typeof st.lastSeen === 'string' ? Date.parse(st.lastSeen) : NaN;
      const lag = Number.isNaN(seen) ? 'never' : `${age(Math.max(0, Math.round((now - seen) / 1000)))} ago`;
      if (st.connected === undefined && st.lastSeen === undefined)
        checks.push({
          name,
          status: 'fail',
          detail: 'agent never connected',
          cause: "no agent has connected with this cluster's credentials",
          fix: `tctl install cluster-service-account --cluster ${c.name} > ${c.name}.jwk && ${agent}`,
        });
      else if (st.connected !== true)
        checks.push({
          name,
          status: 'fail',
          detail: `agent disconnected, last seen ${lag}`,
          cause: 'the agent is not connected: it serves its cached config but receives no changes',
          fix: `Restart the agent: ${agent}`,
        });
      else if (st.status !== 'READY')
        checks.push({
          name,
          status: 'warn',
          detail: `connected, not synced (${String(st.status)}: ${String(st.message ?? '')})`,
          cause: 'the agent has not acknowledged the current config',
          fix: `tctl status cluster ${c.name} -o yaml`,
        });
      else checks.push({ name, status: 'ok', detail: `connected, synced${st.version ? ` (config ${String(st.version)})` : ''}, last seen ${lag}` });
    } catch (e) {
      checks.push(failed(name, e, `tctl status cluster ${c.name}`));
    }
  }
  return { title, faq, checks };
}

/** FAQ "Is my Envoy healthy?": every sidecar the agents probe, each not-ready pod with its cause. */
export async function sidecarSection(s: Session, scope: DoctorScope): Promise<{ section: Section; fleet?: FleetView }> {
  const title = 'sidecar readiness';
  const faq = 'Is my Envoy sidecar healthy, and if not, why?';
  const org = s.org?.value;
  if (!org)
    return {
      section: { title, faq, checks: [{ name: 'sidecars', status: 'fail', cause: 'no organization', fix: 'tctl config users set <user> --org <org>' }] },
    };
  let fleet: FleetView;
  try {
    fleet = await readFleet(s.client, { org, tenant: s.tenant?.value, workspace: scope.workspace, cluster: scope.cluster, sweep: true });
  } catch (e) {
    return { section: { title, faq, checks: [failed('sidecars', e, 'tctl x health --all')] } };
  }
  const checks: Check[] = [];
  if (fleet.clusters.length === 0)
    checks.push({
      name: 'sidecars',
      status: 'warn',
      cause: 'no agent has reported sidecars you may see',
      fix: "List pods in each agent's inventory (file: a `pods:` list with namespace, name, ip; kubernetes: pods with an istio-proxy container are found)",
    });
  for (const c of fleet.clusters) {
    checks.push({
      name: `cluster ${c.cluster}`,
      status: c.ready === c.total ? 'ok' : 'fail',
      detail: `${c.ready}/${c.total} sidecars ready${c.scope === 'workspace' ? " (your workspaces' namespaces)" : ''}`,
      ...(c.ready === c.total ? {} : { cause: `${c.total - c.ready} not ready (listed below)`, fix: `tctl x health --cluster ${c.cluster}` }),
    });
    for (const p of c.notReady)
      checks.push({
        name: `${p.name}.${p.namespace} (cluster ${c.cluster})`,
        status: 'fail',
        detail: `${p.cause}, for ${age(p.ageSeconds)}`,
        cause: p.reason,
        fix: p.fix,
      });
  }
  return { section: { title, faq, checks }, fleet };
}
