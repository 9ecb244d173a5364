import type { ErrorDef } from './error-def.js';

// MB4700–MB4799: `tctl x certs verify --verifier/--hostname/--ip/--san/--max-depth` and `tctl x certs lint` (issue 15)
export const PkiVerifierErrors = {
  VerifierUnknown: {
    code: 'MB4700',
    name: 'VerifierUnknown',
    status: 400,
    title: 'Unknown verifier',
    fix: 'Use --verifier openssl (Envoy, the default), strict (every RFC 5280 rule), all (one row per verifier), or one profile: webpki, go, chrome, pyca.',
  },
  IpAddressInvalid: {
    code: 'MB4701',
    name: 'IpAddressInvalid',
    status: 400,
    title: 'Not an IP address',
    fix: 'Give --ip as a dotted IPv4 address (10.0.0.1) or an IPv6 address (fd00::1); for a DNS name use --hostname.',
  },
  MaxDepthInvalid: {
    code: 'MB4702',
    name: 'MaxDepthInvalid',
    status: 400,
    title: 'Invalid --max-depth',
    fix: 'Give --max-depth as a whole number of intermediates between 0 and 100 (as openssl verify -verify_depth).',
  },
  SpiffeIdInvalid: {
    code: 'MB4703',
    name: 'SpiffeIdInvalid',
    status: 400,
    title: 'Invalid --san',
    fix: 'Give --san as the URI SAN the peer must present, e.g. spiffe://cluster.local/ns/NAMESPACE/sa/SERVICE_ACCOUNT.',
  },
  HostnameInvalid: {
    code: 'MB4704',
    name: 'HostnameInvalid',
    status: 400,
    title: 'Invalid --hostname',
    fix: 'Give --hostname as a DNS name (e.g. reviews.bookinfo.svc.cluster.local); for an address use --ip.',
  },
  LintThresholdInvalid: {
    code: 'MB4705',
    name: 'LintThresholdInvalid',
    status: 400,
    title: 'Invalid lint threshold',
    fix: 'Give --expiry-warning as a duration such as 720h, 30d or 90m.',
  },
} as const satisfies Record<string, ErrorDef>;
