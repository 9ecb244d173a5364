// Every kind's spec schema by name, for code generation (OpenAPI) and typed consumers.
export {
  OrganizationSpec,
  TenantSpec,
  WorkspaceSpec,
  ClusterSpec,
  UserSpec,
  TeamSpec,
  ServiceAccountSpec,
  OrganizationSettingSpec,
  TenantSettingSpec,
  WorkspaceSettingSpec,
} from './tsb.js';
export { GroupSpec, TrafficSettingSpec, ServiceRouteSpec, ConfigMode, ReachabilityMode } from './traffic.js';
export { SecurityGroupSpec, SecuritySettingSpec, AuthenticationMode, AuthorizationMode } from './security.js';
export { ProfileSpec, ProfileConfig } from './profile.js';
export { IngressGatewaySpec, Tier1GatewaySpec, EgressGatewaySpec } from './gateway.js';
export { IstioSpec } from './istio.js';
