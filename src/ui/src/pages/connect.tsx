import { Button, ClipboardCopy, FormGroup, FormSelect, FormSelectOption, PageSection, Title } from '@patternfly/react-core';
import { useEffect, useMemo, useState } from 'react';
import { stringify } from 'yaml';
import { api } from '../api/http.js';
import { listChildren } from '../api/resources.js';
import { ErrorAlert } from '../components/error-alert.js';
import { useApp } from '../session-context.js';

interface ConnectInfo {
  /** PEM of the CA that signed this server's certificate, when the server generated it. */
  readonly caCertificate: string | null;
}

const CA_FILE = 'meshbridge-ca.pem';

/** Profile name, cluster and user entry names derived from this server. */
function names(host: string, username: string): { profile: string; cluster: string; user: string } {
  const base =
    host
      .replace(/[^a-zA-Z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'meshbridge';
  return { profile: base, cluster: base, user: `${base}-${username}` };
}

function download(filename: string, text: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** The tctl commands (and a file for `tctl config profiles import`) that reach this server as this user. */
export function ConnectPage() {
  const { session, me, tenant } = useApp();
  const [tenants, setTenants] = useState<string[]>([]);
  const [chosen, setChosen] = useState(tenant ?? '');
  const [info, setInfo] = useState<ConnectInfo | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    listChildren(session, `organizations/${me.organization}`, 'tenants').then((t) => {
      setTenants(t.map((x) => x.name));
      setChosen((c) => c || t[0]?.name || '');
    }, setError);
    api<ConnectInfo>(session, 'GET', '/v2/ui/connect').then(setInfo, setError);
  }, [session, me.organization]);
  const host = location.host;
  const n = names(location.hostname, me.username);
  const plain = location.protocol === 'http:';
  const tlsFlag = plain ? ' --tls-disabled' : info?.caCertificate ? ` --tls-custom-ca-file ${CA_FILE}` : '';
  const commands = [
    `tctl config clusters set ${n.cluster} --bridge-address ${host}${tlsFlag}`,
    `tctl config users set ${n.user} --username ${me.username} --org ${me.organization}${chosen ? ` --tenant ${chosen}` : ''}`,
    `tctl config profiles set ${n.profile} --cluster ${n.cluster} --username ${n.user}`,
    `tctl config profiles set-current ${n.profile}`,
    'tctl login',
  ].join('\n');
  const file = useMemo(
    () =>
      stringify({
        'current-profile': n.profile,
        clusters: {
          [n.cluster]: { 'bridge-address': host, ...(plain ? { 'tls-disabled': true } : info?.caCertificate ? { 'tls-custom-ca-file': CA_FILE } : {}) },
        },
        users: { [n.user]: { org: me.organization, ...(chosen ? { tenant: chosen } : {}), username: me.username } },
        profiles: { [n.profile]: { cluster: n.cluster, user: n.user } },
      }),
    [n.profile, n.cluster, n.user, host, plain, info, me.organization, me.username, chosen],
  );
  return (
    <PageSection>
      <Title headingLevel="h1">Connect tctl</Title>
      <p style={{ margin: '8px 0 16px' }}>
        These commands point tctl at this management plane as <strong>{me.username}</strong> in organization <strong>{me.organization}</strong>.
      </p>
      <ErrorAlert error={error} />
      <FormGroup label="Tenant" fieldId="connect-tenant" style={{ maxWidth: 320, marginBottom: 16 }}>
        <FormSelect id="connect-tenant" value={chosen} onChange={(_e, v) => setChosen(v)}>
          <FormSelectOption value="" label="(none)" />
          {tenants.map((t) => (
            <FormSelectOption key={t} value={t} label={t} />
          ))}
        </FormSelect>
      </FormGroup>
      <ClipboardCopy isReadOnly isCode isExpanded variant="expansion" hoverTip="Copy commands" clickTip="Copied" data-testid="connect-commands">
        {commands}
      </ClipboardCopy>
      <Title headingLevel="h2" size="lg" style={{ marginTop: 24 }}>
        Or import a profile file
      </Title>
      <p style={{ margin: '8px 0' }}>
        Save the file{info?.caCertificate ? ` and ${CA_FILE} into one folder` : ''}, then run there: <code>tctl config profiles import tctl-profile.yaml</code>{' '}
        and <code>tctl login</code>.
      </p>
      <Button variant="primary" onClick={() => download('tctl-profile.yaml', file)}>
        Download tctl profile
      </Button>{' '}
      {info?.caCertificate && (
        <Button variant="secondary" onClick={() => download(CA_FILE, info.caCertificate ?? '')}>
          Download CA certificate
        </Button>
      )}
    </PageSection>
  );
}
