import type {
  V1Affinity,
  V1EnvVar,
  V1LocalObjectReference,
  V1PodSecurityContext,
  V1ResourceRequirements,
  V1SecurityContext,
  V1Toleration,
  V1DeploymentStrategy,
  V2HorizontalPodAutoscalerBehavior,
  V2MetricTarget,
} from '@kubernetes/client-node';
import type { Overlay } from './overlay.js';

// The TypeScript view of the install CRs. Their schema (schema/install-crs.ts) is what validates
// input; these types only describe the already-validated shape to the renderers.

/** kubeSpec.service */
export interface ServiceKubeSpec {
  type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  ports?: { name?: string; port: number; targetPort?: number | string; nodePort?: number; protocol?: 'TCP' | 'UDP' | 'SCTP' }[];
  loadBalancerIP?: string;
  loadBalancerSourceRanges?: string[];
  loadBalancerClass?: string;
  externalTrafficPolicy?: 'Cluster' | 'Local';
}

/** One hpaSpec metric (v2beta1 fields accepted next to v2's). */
export interface HpaMetric {
  type: string;
  resource?: { name?: string; targetAverageUtilization?: number; targetAverageValue?: string | number; target?: V2MetricTarget };
  containerResource?: unknown;
  pods?: unknown;
  object?: unknown;
  external?: unknown;
}

/** kubeSpec.deployment.hpaSpec */
export interface HpaKubeSpec {
  minReplicas?: number;
  maxReplicas: number;
  metrics?: HpaMetric[];
  behavior?: V2HorizontalPodAutoscalerBehavior;
}

/** kubeSpec.deployment */
export interface DeploymentKubeSpec {
  replicaCount?: number;
  resources?: V1ResourceRequirements;
  env?: V1EnvVar[];
  affinity?: V1Affinity;
  tolerations?: V1Toleration[];
  nodeSelector?: Record<string, string>;
  podAnnotations?: Record<string, string>;
  labels?: Record<string, string>;
  strategy?: V1DeploymentStrategy;
  hpaSpec?: HpaKubeSpec;
  podDisruptionBudget?: { minAvailable?: number | string; maxUnavailable?: number | string };
  podSecurityContext?: V1PodSecurityContext;
  containerSecurityContext?: V1SecurityContext;
  priorityClassName?: string;
}

/** kubeSpec, shared by every component. */
export interface KubeSpec {
  service?: ServiceKubeSpec;
  deployment?: DeploymentKubeSpec;
  serviceAccount?: { imagePullSecrets?: V1LocalObjectReference[]; annotations?: Record<string, string>; labels?: Record<string, string> };
  overlays?: Overlay[];
}

/** istio.kubeSpec.CNI */
export interface CniSpec {
  chained?: boolean;
  binaryDirectory?: string;
  configurationDirectory?: string;
  revision?: string;
  clusterRole?: string;
  cniDaemonsetNamespace?: string;
}

/** Envelope of every install CR. */
export interface InstallCr<S> {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: S;
}

/** ManagementPlane spec (the fields meshbridge uses). */
export interface ManagementPlaneSpec {
  hub?: string;
  tag?: string;
  organization?: string;
  imagePullSecrets?: V1LocalObjectReference[];
  components?: { apiServer?: { kubeSpec?: KubeSpec }; frontEnvoy?: { kubeSpec?: KubeSpec; port?: number }; defaultLogLevel?: string };
  dataStore?: {
    postgres?: { address?: string; host?: string; port?: number; name?: string; sslMode?: string; credentialsSecretName?: string; caSecretName?: string };
    demoPostgres?: { storage?: string | number; storageClassName?: string; kubeSpec?: KubeSpec };
  };
}

/** ControlPlane spec (the fields meshbridge uses). */
export interface ControlPlaneSpec {
  hub?: string;
  tag?: string;
  imagePullSecrets?: V1LocalObjectReference[];
  managementPlane: { host: string; port?: number; agentPort?: number; clusterName: string; selfSigned?: boolean };
  components?: {
    defaultLogLevel?: string;
    xcp?: { kubeSpec?: KubeSpec; isolationBoundaries?: { name: string; revisions?: { name: string; istio?: { tsbVersion?: string }; disable?: boolean }[] }[] };
    istio?: { kubeSpec?: { CNI?: CniSpec; overlays?: Overlay[] }; cniOverlays?: Overlay[] };
  };
}

/** IngressGateway / EgressGateway / Tier1Gateway spec. */
export interface GatewaySpec {
  kubeSpec?: KubeSpec;
  revision?: string;
  connectionDrainDuration?: string;
  hub?: string;
  tag?: string;
  eastWestOnly?: boolean;
}
