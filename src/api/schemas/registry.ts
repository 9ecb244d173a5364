import type { TSchema } from '@sinclair/typebox';
import { apiGroup, isIstioKind, type KindInfo } from '../kinds.js';
import { EgressGatewaySpec, IngressGatewaySpec, Tier1GatewaySpec } from './gateway.js';
import { IstioSpec } from './istio.js';
import { ProfileSpec } from './profile.js';
import { SecurityGroupSpec, SecuritySettingSpec } from './security.js';
import { GroupSpec, ServiceRouteSpec, TrafficSettingSpec } from './traffic.js';
import {
  ClusterSpec,
  OrganizationSettingSpec,
  OrganizationSpec,
  ServiceAccountSpec,
  TeamSpec,
  TenantSettingSpec,
  TenantSpec,
  UserSpec,
  WorkspaceSettingSpec,
  WorkspaceSpec,
} from './tsb.js';

/** Spec schemas keyed by `<api group>/<kind>` (the version does not change the shape). */
const SPECS: Record<string, TSchema> = {
  'api.tsb.tetrate.io/Organization': OrganizationSpec,
  'api.tsb.tetrate.io/Tenant': TenantSpec,
  'api.tsb.tetrate.io/Workspace': WorkspaceSpec,
  'api.tsb.tetrate.io/Cluster': ClusterSpec,
  'api.tsb.tetrate.io/User': UserSpec,
  'api.tsb.tetrate.io/Team': TeamSpec,
  'api.tsb.tetrate.io/ServiceAccount': ServiceAccountSpec,
  'api.tsb.tetrate.io/OrganizationSetting': OrganizationSettingSpec,
  'api.tsb.tetrate.io/TenantSetting': TenantSettingSpec,
  'api.tsb.tetrate.io/WorkspaceSetting': WorkspaceSettingSpec,
  'gateway.tsb.tetrate.io/Group': GroupSpec,
  'traffic.tsb.tetrate.io/Group': GroupSpec,
  'security.tsb.tetrate.io/Group': SecurityGroupSpec,
  'istiointernal.tsb.tetrate.io/Group': GroupSpec,
  'gateway.tsb.tetrate.io/IngressGateway': IngressGatewaySpec,
  'gateway.tsb.tetrate.io/Tier1Gateway': Tier1GatewaySpec,
  'gateway.tsb.tetrate.io/EgressGateway': EgressGatewaySpec,
  'traffic.tsb.tetrate.io/TrafficSetting': TrafficSettingSpec,
  'traffic.tsb.tetrate.io/ServiceRoute': ServiceRouteSpec,
  'security.tsb.tetrate.io/SecuritySetting': SecuritySettingSpec,
  'profile.tsb.tetrate.io/Profile': ProfileSpec,
};

/** The spec schema of a kind. */
export function specSchema(k: KindInfo): TSchema {
  if (isIstioKind(k)) return IstioSpec;
  const s = SPECS[`${apiGroup(k.apiVersion)}/${k.kind}`];
  if (!s) throw new Error(`no schema registered for ${k.apiVersion} ${k.kind}`);
  return s;
}
