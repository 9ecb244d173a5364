// The Kubernetes models kubeSpec's schema is built from, imported one by one: loading the client's
// whole model index (~850 modules) would add ~300 ms to every `tctl install manifest`. A model that
// references one missing here makes k8sType() throw, and the CRD tests fail with its name: add it.
import { CoreV1ResourceClaim } from '@kubernetes/client-node/dist/gen/models/CoreV1ResourceClaim.js';
import { V1Affinity } from '@kubernetes/client-node/dist/gen/models/V1Affinity.js';
import { V1AppArmorProfile } from '@kubernetes/client-node/dist/gen/models/V1AppArmorProfile.js';
import { V1Capabilities } from '@kubernetes/client-node/dist/gen/models/V1Capabilities.js';
import { V1ConfigMapKeySelector } from '@kubernetes/client-node/dist/gen/models/V1ConfigMapKeySelector.js';
import { V1DeploymentStrategy } from '@kubernetes/client-node/dist/gen/models/V1DeploymentStrategy.js';
import { V1EnvVar } from '@kubernetes/client-node/dist/gen/models/V1EnvVar.js';
import { V1EnvVarSource } from '@kubernetes/client-node/dist/gen/models/V1EnvVarSource.js';
import { V1FileKeySelector } from '@kubernetes/client-node/dist/gen/models/V1FileKeySelector.js';
import { V1LabelSelector } from '@kubernetes/client-node/dist/gen/models/V1LabelSelector.js';
import { V1LabelSelectorRequirement } from '@kubernetes/client-node/dist/gen/models/V1LabelSelectorRequirement.js';
import { V1LocalObjectReference } from '@kubernetes/client-node/dist/gen/models/V1LocalObjectReference.js';
import { V1NodeAffinity } from '@kubernetes/client-node/dist/gen/models/V1NodeAffinity.js';
import { V1NodeSelector } from '@kubernetes/client-node/dist/gen/models/V1NodeSelector.js';
import { V1NodeSelectorRequirement } from '@kubernetes/client-node/dist/gen/models/V1NodeSelectorRequirement.js';
import { V1NodeSelectorTerm } from '@kubernetes/client-node/dist/gen/models/V1NodeSelectorTerm.js';
import { V1ObjectFieldSelector } from '@kubernetes/client-node/dist/gen/models/V1ObjectFieldSelector.js';
import { V1PodAffinity } from '@kubernetes/client-node/dist/gen/models/V1PodAffinity.js';
import { V1PodAffinityTerm } from '@kubernetes/client-node/dist/gen/models/V1PodAffinityTerm.js';
import { V1PodAntiAffinity } from '@kubernetes/client-node/dist/gen/models/V1PodAntiAffinity.js';
import { V1PodSecurityContext } from '@kubernetes/client-node/dist/gen/models/V1PodSecurityContext.js';
import { V1PreferredSchedulingTerm } from '@kubernetes/client-node/dist/gen/models/V1PreferredSchedulingTerm.js';
import { V1ResourceFieldSelector } from '@kubernetes/client-node/dist/gen/models/V1ResourceFieldSelector.js';
import { V1ResourceRequirements } from '@kubernetes/client-node/dist/gen/models/V1ResourceRequirements.js';
import { V1RollingUpdateDeployment } from '@kubernetes/client-node/dist/gen/models/V1RollingUpdateDeployment.js';
import { V1SELinuxOptions } from '@kubernetes/client-node/dist/gen/models/V1SELinuxOptions.js';
import { V1SeccompProfile } from '@kubernetes/client-node/dist/gen/models/V1SeccompProfile.js';
import { V1SecretKeySelector } from '@kubernetes/client-node/dist/gen/models/V1SecretKeySelector.js';
import { V1SecurityContext } from '@kubernetes/client-node/dist/gen/models/V1SecurityContext.js';
import { V1Sysctl } from '@kubernetes/client-node/dist/gen/models/V1Sysctl.js';
import { V1Toleration } from '@kubernetes/client-node/dist/gen/models/V1Toleration.js';
import { V1WeightedPodAffinityTerm } from '@kubernetes/client-node/dist/gen/models/V1WeightedPodAffinityTerm.js';
import { V1WindowsSecurityContextOptions } from '@kubernetes/client-node/dist/gen/models/V1WindowsSecurityContextOptions.js';
import { V2ContainerResourceMetricSource } from '@kubernetes/client-node/dist/gen/models/V2ContainerResourceMetricSource.js';
import { V2CrossVersionObjectReference } from '@kubernetes/client-node/dist/gen/models/V2CrossVersionObjectReference.js';
import { V2ExternalMetricSource } from '@kubernetes/client-node/dist/gen/models/V2ExternalMetricSource.js';
import { V2HPAScalingPolicy } from '@kubernetes/client-node/dist/gen/models/V2HPAScalingPolicy.js';
import { V2HPAScalingRules } from '@kubernetes/client-node/dist/gen/models/V2HPAScalingRules.js';
import { V2HorizontalPodAutoscalerBehavior } from '@kubernetes/client-node/dist/gen/models/V2HorizontalPodAutoscalerBehavior.js';
import { V2MetricIdentifier } from '@kubernetes/client-node/dist/gen/models/V2MetricIdentifier.js';
import { V2MetricTarget } from '@kubernetes/client-node/dist/gen/models/V2MetricTarget.js';
import { V2ObjectMetricSource } from '@kubernetes/client-node/dist/gen/models/V2ObjectMetricSource.js';
import { V2PodsMetricSource } from '@kubernetes/client-node/dist/gen/models/V2PodsMetricSource.js';

/** Model classes by name; each carries the generator's attributeTypeMap. */
export const K8S_MODELS: Record<string, { readonly attributeTypeMap?: readonly { baseName: string; type: string; format: string }[] } | undefined> = {
  CoreV1ResourceClaim,
  V1Affinity,
  V1AppArmorProfile,
  V1Capabilities,
  V1ConfigMapKeySelector,
  V1DeploymentStrategy,
  V1EnvVar,
  V1EnvVarSource,
  V1FileKeySelector,
  V1LabelSelector,
  V1LabelSelectorRequirement,
  V1LocalObjectReference,
  V1NodeAffinity,
  V1NodeSelector,
  V1NodeSelectorRequirement,
  V1NodeSelectorTerm,
  V1ObjectFieldSelector,
  V1PodAffinity,
  V1PodAffinityTerm,
  V1PodAntiAffinity,
  V1PodSecurityContext,
  V1PreferredSchedulingTerm,
  V1ResourceFieldSelector,
  V1ResourceRequirements,
  V1RollingUpdateDeployment,
  V1SELinuxOptions,
  V1SeccompProfile,
  V1SecretKeySelector,
  V1SecurityContext,
  V1Sysctl,
  V1Toleration,
  V1WeightedPodAffinityTerm,
  V1WindowsSecurityContextOptions,
  V2ContainerResourceMetricSource,
  V2CrossVersionObjectReference,
  V2ExternalMetricSource,
  V2HPAScalingPolicy,
  V2HPAScalingRules,
  V2HorizontalPodAutoscalerBehavior,
  V2MetricIdentifier,
  V2MetricTarget,
  V2ObjectMetricSource,
  V2PodsMetricSource,
};
